//! 企业注册: a unit without a union registers itself; its email becomes the login.

use api_types::{RegistrationIn, RegistrationOut, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::app::state::AppState;
use crate::audit;
use crate::auth::{captcha, password, role_str, AuthError};
use crate::entities::{account, unit};
use crate::error::ServiceError;
use crate::interfaces::registry;
use crate::validation::Checks;

/// Checks the form, the captcha and the registry, then creates the unit and its account.
pub async fn register(
    state: &AppState,
    input: RegistrationIn,
) -> Result<RegistrationOut, AuthError> {
    let mut checks = Checks::default();
    let name = checks.parse("unit_name", domain::UnitName::parse(&input.unit_name));
    let email = checks.parse("email", domain::Email::parse(&input.email));
    checks.parse("password", domain::check_password_policy(&input.password));
    checks.finish()?;
    let (Some(name), Some(email)) = (name, email) else {
        return Err(ServiceError::internal("checked fields missing").into());
    };
    let now = state.clock.now();
    let captcha_ok =
        captcha::consume(&state.db, input.captcha_id, &input.captcha_answer, now).await?;
    if !captcha_ok && !state.settings.captcha_disabled {
        return Err(AuthError::CaptchaInvalid);
    }
    let unit_name = name.as_str().to_string();
    let login = email.as_str().to_string();
    let credit_code = state
        .interfaces
        .registry
        .credit_code(&unit_name)
        .await
        .map_err(registry::unavailable)?
        .ok_or_else(|| {
            ServiceError::field(
                "unit_name",
                "未能根据单位名称获取统一社会信用代码，请填写与营业执照一致的单位全称",
            )
        })?;
    if unit::Entity::find()
        .filter(unit::Column::Name.eq(&unit_name))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(
            ServiceError::conflict("该单位名称已注册，请直接登录或联系管理员找回账号").into(),
        );
    }
    if unit::Entity::find()
        .filter(unit::Column::CreditCode.eq(&credit_code))
        .count(&state.db)
        .await?
        > 0
    {
        return Err(ServiceError::conflict(
            "该统一社会信用代码已注册，请直接登录或联系管理员找回账号",
        )
        .into());
    }
    if account::Entity::find()
        .filter(
            Condition::any()
                .add(account::Column::Account.eq(&login))
                .add(account::Column::Email.eq(&login)),
        )
        .count(&state.db)
        .await?
        > 0
    {
        return Err(ServiceError::conflict("该邮箱已注册，请更换邮箱或直接登录").into());
    }
    let hash = password::hash(input.password).await?;
    let txn = crate::db::begin(&state.db).await?;
    let unit_id = unit::new_row(&unit_name, Some(credit_code.clone()), None, now)
        .insert(&txn)
        .await?
        .id;
    let role = role_str(Role::Unit);
    let mut row = account::new_row(&login, hash, role, Some(unit_id), "单位经办人", now);
    row.email = Set(Some(login.clone()));
    let account_id = row.insert(&txn).await?.id;
    audit::entry(None, "unit.registered")
        .target("unit", unit_id)
        .after(serde_json::json!({
            "name": unit_name,
            "credit_code": credit_code,
            "account_id": account_id,
        }))
        .write(&txn, now)
        .await?;
    txn.commit().await?;
    tracing::info!(%unit_id, %account_id, "unit registered");
    Ok(RegistrationOut {
        account_id,
        account: login,
        unit_id,
        unit_name,
        credit_code,
    })
}
