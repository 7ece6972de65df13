//! Demo data for a fresh database: one unit with its operator, a reviewer and an admin, and
//! a batch of the unit whose roster waits for 提交系统校验 (its people match the pins of
//! `config/demo-pins.json`, so each verification outcome shows up once), and the unit's
//! insured batch of last plan year for 沿用上年度名单.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
    TransactionTrait,
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
    with_roster: bool,
) -> anyhow::Result<bool> {
    if account::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = crate::db::begin(db).await?;
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
    if !with_roster {
        return Ok(true);
    }
    let operator = account::Entity::find()
        .filter(account::Column::Account.eq(DEMO_ACCOUNTS[0].account))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("demo operator missing"))?;
    let actor = crate::actor::Actor::User(crate::actor::UserActor {
        account_id: operator.id,
        account: operator.account.clone(),
        role: api_types::Role::Unit,
        unit_id: operator.unit_id,
    });
    seed_last_year(db, &actor, now).await?;
    seed_demo_batch(db, &actor, now).await?;
    Ok(true)
}

/// The demo roster's people: names, resident IDs (check digits computed) and mobiles.
pub fn demo_people() -> anyhow::Result<Vec<(String, String, String)>> {
    const NAMES: [&str; 24] = [
        "张伟民",
        "李秀英",
        "王建国",
        "刘桂兰",
        "陈志强",
        "杨淑珍",
        "赵德华",
        "黄玉梅",
        "周国庆",
        "吴美华",
        "徐振东",
        "孙丽娟",
        "胡永福",
        "朱惠芳",
        "高建平",
        "林秀云",
        "何正明",
        "郭凤英",
        "马立新",
        "罗月娥",
        "梁宝华",
        "宋金凤",
        "郑长生",
        "谢桂芝",
    ];
    NAMES
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let i = u32::try_from(i)?;
            let first17 = format!(
                "310115195{}{:02}{:02}{:03}",
                i % 10,
                1 + i % 12,
                1 + i % 28,
                100 + i
            );
            let check = domain::id_number::resident_id_check_digit(&first17)
                .ok_or_else(|| anyhow::anyhow!("check digit of {first17}"))?;
            Ok((
                (*name).to_owned(),
                format!("{first17}{check}"),
                format!("1391234{:04}", 5600 + i),
            ))
        })
        .collect()
}

/// A batch of the demo unit, paid by voucher, with the demo roster imported, when a window
/// of the plan year is open now (即时参保 first, else 集中参保).
async fn seed_demo_batch<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &crate::actor::Actor,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use domain::BatchKind;
    let years = crate::plan_years::service::all_domain(db).await?;
    let open = [BatchKind::Instant, BatchKind::Centralized]
        .into_iter()
        .find(|kind| domain::plan_year::plan_year_for_new_batch(&years, *kind, now).is_ok());
    let Some(kind) = open else {
        return Ok(());
    };
    let b = crate::batches::create::create(db, actor, kind, now).await?;
    let voucher = api_types::PaymentMethodIn {
        method: api_types::PaymentMethodKey::Voucher,
        withholding_amount_fen: None,
        withholding_letter_id: None,
    };
    let b = crate::batches::payment_method::choose(db, actor, b.id, Some(b.version), &voucher, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo batch: {e}"))?;
    let bytes = roster_workbook(&demo_people()?)?;
    crate::roster::import::import(db, actor, b.id, Some(b.version), bytes, now)
        .await
        .map_err(|e| anyhow::anyhow!("demo roster: {e}"))?;
    Ok(())
}

/// A roster workbook of `people` (name, resident ID, mobile) in the template's columns.
fn roster_workbook(people: &[(String, String, String)]) -> anyhow::Result<Vec<u8>> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (i, c) in domain::roster::Column::ALL.iter().enumerate() {
        sheet.write_string(0, u16::try_from(i)?, c.template_header())?;
    }
    for (r, (name, id, mobile)) in people.iter().enumerate() {
        let r = u32::try_from(r)? + 1;
        sheet.write_string(r, 0, name)?;
        sheet.write_string(r, 1, "身份证")?;
        sheet.write_string(r, 2, id)?;
        sheet.write_string(r, 5, mobile)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Last plan year's people of the demo unit (the third one has died since).
fn last_years_people() -> anyhow::Result<Vec<(String, String, String)>> {
    ["钱永康", "冯秀兰", "蒋德明", "沈桂英", "韩国强", "曹玉珍"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let i = u32::try_from(i)?;
            let first17 = format!("3101151948{:02}{:02}{:03}", 1 + i, 10 + i, 200 + i);
            let check = domain::id_number::resident_id_check_digit(&first17)
                .ok_or_else(|| anyhow::anyhow!("check digit of {first17}"))?;
            Ok((
                (*name).to_owned(),
                format!("{first17}{check}"),
                format!("1391235{:04}", 7700 + i),
            ))
        })
        .collect()
}

/// The demo unit's batch of last plan year, 投保成功, so that a new batch can 沿用上年度名单
/// (one of its people was found deceased and stays behind). Created at the same moment one
/// year earlier, when that plan year's window was open; skipped when it was not.
async fn seed_last_year<C: ConnectionTrait + TransactionTrait>(
    db: &C,
    actor: &crate::actor::Actor,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    use crate::entities::{batch, roster_entry};
    use domain::BatchKind;
    use sea_orm::sea_query::Expr;
    let then = now - chrono::Days::new(365);
    let years = crate::plan_years::service::all_domain(db).await?;
    let open = [BatchKind::Instant, BatchKind::Centralized]
        .into_iter()
        .find(|kind| domain::plan_year::plan_year_for_new_batch(&years, *kind, then).is_ok());
    let Some(kind) = open else {
        return Ok(());
    };
    let b = crate::batches::create::create(db, actor, kind, then).await?;
    let voucher = api_types::PaymentMethodIn {
        method: api_types::PaymentMethodKey::Voucher,
        withholding_amount_fen: None,
        withholding_letter_id: None,
    };
    let b =
        crate::batches::payment_method::choose(db, actor, b.id, Some(b.version), &voucher, then)
            .await
            .map_err(|e| anyhow::anyhow!("last year's demo batch: {e}"))?;
    let people = last_years_people()?;
    let bytes = roster_workbook(&people)?;
    crate::roster::import::import(db, actor, b.id, Some(b.version), bytes, then)
        .await
        .map_err(|e| anyhow::anyhow!("last year's demo roster: {e}"))?;
    batch::Entity::update_many()
        .col_expr(batch::Column::Status, Expr::value("completed"))
        .col_expr(batch::Column::CompletedAt, Expr::value(Some(then)))
        .filter(batch::Column::Id.eq(b.id))
        .exec(db)
        .await?;
    let deceased = crate::pii::id_index(&people[2].1);
    roster_entry::Entity::update_many()
        .col_expr(roster_entry::Column::SsStatus, Expr::value("deceased"))
        .col_expr(roster_entry::Column::Outcome, Expr::value("deceased"))
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(roster_entry::Column::IdHash.eq(deceased))
        .exec(db)
        .await?;
    Ok(())
}

/// A syntactically valid credit code for the demo unit (check character computed).
fn demo_credit_code() -> anyhow::Result<String> {
    let first17 = "91310115MA1K4Q8X2";
    let check = domain::credit_code::credit_code_check_char(first17)
        .ok_or_else(|| anyhow::anyhow!("demo credit code has an invalid character"))?;
    Ok(format!("{first17}{check}"))
}
