//! 企业注册: a unit without a union registers itself; its email becomes the login.

use api_types::{RegistrationIn, RegistrationOut, Role};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
};
use uuid::Uuid;

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
    let txn = state.db.begin().await?;
    let unit_id = Uuid::new_v4();
    unit::ActiveModel {
        id: Set(unit_id),
        name: Set(unit_name.clone()),
        credit_code: Set(Some(credit_code.clone())),
        enrollment_code: Set(None),
        address: Set(None),
        postcode: Set(None),
        district_union: Set(None),
        economic_type: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    let account_id = Uuid::new_v4();
    account::ActiveModel {
        id: Set(account_id),
        account: Set(login.clone()),
        password_hash: Set(hash),
        role: Set(role_str(Role::Unit).into()),
        unit_id: Set(Some(unit_id)),
        display_name: Set("单位经办人".into()),
        email: Set(Some(login.clone())),
        mobile: Set(None),
        must_change_password: Set(false),
        failed_attempts: Set(0),
        locked_until: Set(None),
        disabled: Set(false),
        token_version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
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
