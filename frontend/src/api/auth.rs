//! Login, captcha, the current account, password changes and 企业注册.

use api_types::{
    CaptchaOut, ChangePasswordIn, CreditCodeLookupOut, CreditCodeQuery, LoginIn, LoginOut, MeOut,
    RegistrationIn, RegistrationOut,
};

use super::{Api, ApiError, Call};

/// The calls of the login session.
#[derive(Debug, Clone, Copy)]
pub struct AuthApi(Api);

impl Api {
    /// Login, captcha, `me`, password, registration.
    pub fn auth(self) -> AuthApi {
        AuthApi(self)
    }
}

impl AuthApi {
    /// `POST /api/auth/captcha`: a fresh captcha image.
    pub async fn captcha(self) -> Result<CaptchaOut, ApiError> {
        self.0.json(Call::post("/auth/captcha").public()).await
    }

    /// `POST /api/auth/login`.
    pub async fn login(self, body: &LoginIn) -> Result<LoginOut, ApiError> {
        self.0
            .json(Call::post("/auth/login").public().json(body))
            .await
    }

    /// `GET /api/me`: the current account.
    pub async fn me(self) -> Result<MeOut, ApiError> {
        self.0.json(Call::get("/me")).await
    }

    /// `PUT /api/me/password`: returns a new token (the old one stops working).
    pub async fn change_password(self, body: &ChangePasswordIn) -> Result<LoginOut, ApiError> {
        self.0.json(Call::put("/me/password").json(body)).await
    }

    /// `POST /api/registrations` (企业注册).
    pub async fn register(self, body: &RegistrationIn) -> Result<RegistrationOut, ApiError> {
        self.0
            .json(Call::post("/registrations").public().json(body))
            .await
    }

    /// `GET /api/registry/credit-code?name=`: the enterprise registry's code for a name.
    pub async fn credit_code(self, name: &str) -> Result<CreditCodeLookupOut, ApiError> {
        let query = CreditCodeQuery {
            name: name.trim().to_owned(),
        };
        self.0
            .json(Call::get("/registry/credit-code").public().query(&query))
            .await
    }
}
