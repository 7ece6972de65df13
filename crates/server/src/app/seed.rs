//! Demo data for a fresh database: one unit with its operator, a reviewer and an admin.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};

use crate::auth::password::hash_blocking;
use crate::entities::{account, unit};

/// A demo login printed at start-up.
pub struct DemoAccount {
    /// Role in Chinese.
    pub role: &'static str,
    /// Login name.
    pub account: &'static str,
    /// Initial password.
    pub password: &'static str,
    /// Whether the password must be changed at first login.
    pub must_change: bool,
}

/// The demo unit's enrollment code (参保编码), as in the manual's example account.
pub const DEMO_ENROLLMENT_CODE: &str = "123000000";

/// The demo accounts (the unit's initial password is the manual's `Txbz123456`).
pub const DEMO_ACCOUNTS: [DemoAccount; 3] = [
    DemoAccount {
        role: "单位经办人",
        account: "tuixiu123000000",
        password: "Txbz123456",
        must_change: true,
    },
    DemoAccount {
        role: "职保会审核员",
        account: "shenhe01",
        password: "Shenhe@2025",
        must_change: false,
    },
    DemoAccount {
        role: "管理员",
        account: "admin",
        password: "Admin@2025",
        must_change: false,
    },
];

/// Seeds the demo data when the database has no account yet. Returns true when it did.
pub async fn seed_demo<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if account::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = db.begin().await?;
    let code = Some(DEMO_ENROLLMENT_CODE.to_owned());
    let mut demo_unit = unit::new_row(
        "上海示范精密机械有限公司",
        Some(demo_credit_code()?),
        code,
        now,
    );
    demo_unit.address = Set(Some("上海市浦东新区示范路100号".into()));
    demo_unit.postcode = Set(Some("200120".into()));
    demo_unit.district_union = Set(Some("浦东新区总工会".into()));
    demo_unit.economic_type = Set(Some("有限责任公司".into()));
    let unit_id = demo_unit.insert(&txn).await?.id;
    for (demo, role, unit, name) in [
        (&DEMO_ACCOUNTS[0], "unit", Some(unit_id), "示范单位经办人"),
        (&DEMO_ACCOUNTS[1], "reviewer", None, "审核员一"),
        (&DEMO_ACCOUNTS[2], "admin", None, "系统管理员"),
    ] {
        let hash = hash_blocking(demo.password)?;
        let mut row = account::new_row(demo.account, hash, role, unit, name, now);
        row.must_change_password = Set(demo.must_change);
        row.insert(&txn).await?;
    }
    txn.commit().await?;
    Ok(true)
}

/// A syntactically valid credit code for the demo unit (check character computed).
fn demo_credit_code() -> anyhow::Result<String> {
    let first17 = "91310115MA1K4Q8X2";
    let check = domain::credit_code::credit_code_check_char(first17)
        .ok_or_else(|| anyhow::anyhow!("demo credit code has an invalid character"))?;
    Ok(format!("{first17}{check}"))
}
