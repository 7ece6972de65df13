//! The figures step ⑤ is decided on, read from the database in a few grouped queries:
//! per social-security code 社保人数 / 参保人数 / 已参保人数 / new retirees / materials, the
//! people without a match and their reasons, and what verification left open.

use std::collections::{BTreeMap, HashMap};

use domain::review::{assess, is_newly_retired, CodeFacts, Readiness, UnmatchedPerson};
use domain::{BatchStatus, NoSsReason, Ratio, VerificationOutcome, YearMonth};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::entities::{attachment, batch, review_material, roster_entry, ss_unit};
use crate::error::{key, parse_key, ServiceError, ServiceResult};
use crate::verification::summary::summary;

/// One row of the ratio table: the domain's figures and the unit name the interface knows.
pub struct CodeRow {
    /// The domain's input.
    pub facts: CodeFacts,
    /// 单位名称 (from the interface).
    pub unit_name: Option<String>,
}

/// A person without a social-security match, with the stored row.
pub struct UnmatchedRow {
    /// The stored person.
    pub entry: roster_entry::Model,
    /// The domain's input.
    pub person: UnmatchedPerson,
}

/// Everything step ⑤ is decided on.
pub struct BatchFacts {
    /// The plan year.
    pub plan_year: i32,
    /// 参保比例 threshold, in percent.
    pub threshold_percent: u32,
    /// One row per 社保编号, ascending.
    pub codes: Vec<CodeRow>,
    /// People of the batch with no 社保编号 (the 未匹配到单位社保编码 group).
    pub ungrouped: u32,
    /// The people of the group whose outcome is 未匹配到社保信息, in roster order.
    pub unmatched: Vec<UnmatchedRow>,
    /// 相关材料 per code (`None`: the group), in upload order.
    pub materials: HashMap<Option<String>, Vec<attachment::Model>>,
    /// Attachments of the unmatched people's reasons, by id.
    pub reason_files: HashMap<Uuid, attachment::Model>,
    /// People changed since the last verification run.
    pub unchecked: u64,
    /// People whose outcome blocks submission.
    pub blocking: u64,
}

impl BatchFacts {
    /// The domain's verdict.
    pub fn readiness(&self) -> Readiness {
        let codes: Vec<CodeFacts> = self.codes.iter().map(|c| c.facts.clone()).collect();
        let people: Vec<UnmatchedPerson> =
            self.unmatched.iter().map(|u| u.person.clone()).collect();
        assess(&codes, &people, self.plan_year, self.threshold_percent)
    }

    /// The 社保编号 a reviewer or operator may name: the batch's codes and, when anyone is
    /// in it, the group (`None`).
    pub fn knows_code(&self, code: Option<&str>) -> bool {
        match code {
            Some(c) => self.codes.iter().any(|r| r.facts.ss_code == c),
            None => self.ungrouped > 0,
        }
    }
}

/// The retirement month that counts: the operator's edit, else the interface's answer.
pub fn retirement_month(edited: Option<&str>, answered: Option<&str>) -> Option<YearMonth> {
    edited
        .or(answered)
        .and_then(|raw| YearMonth::parse(raw).ok())
}

/// (社保编号, edited month, answered month, people).
type CodeMonthCount = (Option<String>, Option<String>, Option<String>, i64);

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Reads the facts of batch `b` under threshold `threshold_percent`.
pub async fn load(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    threshold_percent: u32,
) -> ServiceResult<BatchFacts> {
    // 参保人数 and new retirees per code: one grouped query over (code, months).
    let groups: Vec<CodeMonthCount> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::SsCode)
        .column(roster_entry::Column::EditedRetirementMonth)
        .column(roster_entry::Column::SsRetirementMonth)
        .column_as(roster_entry::Column::Id.count(), "n")
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .group_by(roster_entry::Column::SsCode)
        .group_by(roster_entry::Column::EditedRetirementMonth)
        .group_by(roster_entry::Column::SsRetirementMonth)
        .into_tuple()
        .all(db)
        .await?;
    let mut here: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    let mut ungrouped = 0u32;
    for (code, edited, answered, n) in groups {
        let n = count(n);
        let Some(code) = code else {
            ungrouped = ungrouped.saturating_add(n);
            continue;
        };
        let newly = retirement_month(edited.as_deref(), answered.as_deref())
            .is_some_and(|m| is_newly_retired(m, b.plan_year));
        let slot = here.entry(code).or_default();
        slot.0 = slot.0.saturating_add(n);
        if newly {
            slot.1 = slot.1.saturating_add(n);
        }
    }
    let codes: Vec<String> = here.keys().cloned().collect();
    let elsewhere = enrolled_elsewhere(db, b, &codes).await?;
    let units: HashMap<String, ss_unit::Model> = if codes.is_empty() {
        HashMap::new()
    } else {
        ss_unit::Entity::find()
            .filter(ss_unit::Column::SsCode.is_in(codes.clone()))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.ss_code.clone(), u))
            .collect()
    };
    let materials = materials(db, b.id).await?;
    let count_of = |code: &str| {
        let n = materials.get(&Some(code.to_owned())).map_or(0, Vec::len);
        u32::try_from(n).unwrap_or(u32::MAX)
    };
    let mut rows = Vec::with_capacity(here.len());
    for (code, (insured_here, newly)) in here {
        let unit = units.get(&code);
        let headcount = unit.map_or(0, |u| u32::try_from(u.retiree_count).unwrap_or(0));
        let facts = CodeFacts {
            ratio: Ratio::new(
                insured_here,
                elsewhere.get(&code).copied().unwrap_or(0),
                headcount,
            ),
            newly_retired_here: newly,
            materials: count_of(&code),
            ss_code: code,
        };
        rows.push(CodeRow {
            facts,
            unit_name: unit.map(|u| u.unit_name.clone()),
        });
    }
    let unmatched_rows = roster_entry::Entity::find()
        .filter(roster_entry::Column::BatchId.eq(b.id))
        .filter(roster_entry::Column::Outcome.eq(key(&VerificationOutcome::NoSocialSecurity)))
        .order_by_asc(roster_entry::Column::RowNo)
        .order_by_asc(roster_entry::Column::Id)
        .all(db)
        .await?;
    let file_ids: Vec<Uuid> = unmatched_rows
        .iter()
        .filter_map(|e| e.no_ss_attachment_id)
        .collect();
    let reason_files: HashMap<Uuid, attachment::Model> = if file_ids.is_empty() {
        HashMap::new()
    } else {
        attachment::Entity::find()
            .filter(attachment::Column::Id.is_in(file_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let mut unmatched = Vec::with_capacity(unmatched_rows.len());
    for entry in unmatched_rows {
        let reason = entry
            .no_ss_reason
            .as_deref()
            .map(|raw| {
                parse_key::<NoSsReason>(raw).ok_or_else(|| {
                    ServiceError::corrupt("no-social-security reason", entry.id, raw)
                })
            })
            .transpose()?;
        let person = UnmatchedPerson {
            name: entry.name.clone(),
            reason,
            remark: entry.no_ss_remark.clone(),
            has_attachment: entry
                .no_ss_attachment_id
                .is_some_and(|id| reason_files.contains_key(&id)),
            retirement_month: retirement_month(
                entry.edited_retirement_month.as_deref(),
                entry.ss_retirement_month.as_deref(),
            ),
        };
        unmatched.push(UnmatchedRow { entry, person });
    }
    let s = summary(db, b.id).await?;
    Ok(BatchFacts {
        plan_year: b.plan_year,
        threshold_percent,
        codes: rows,
        ungrouped,
        unmatched,
        materials,
        reason_files,
        unchecked: s.unchecked,
        blocking: s.blocking,
    })
}

/// 已参保人数 per code: people of the unit's other batches of the same plan year that the
/// reviewer approved (`BatchStatus::counts_as_enrolled`).
async fn enrolled_elsewhere(
    db: &impl ConnectionTrait,
    b: &batch::Model,
    codes: &[String],
) -> ServiceResult<HashMap<String, u32>> {
    if codes.is_empty() {
        return Ok(HashMap::new());
    }
    let enrolled: Vec<String> = BatchStatus::ALL
        .iter()
        .filter(|s| s.counts_as_enrolled())
        .map(key)
        .collect();
    let others = Query::select()
        .column(batch::Column::Id)
        .from(batch::Entity)
        .and_where(batch::Column::UnitId.eq(b.unit_id))
        .and_where(batch::Column::PlanYear.eq(b.plan_year))
        .and_where(batch::Column::Id.ne(b.id))
        .and_where(batch::Column::Status.is_in(enrolled))
        .to_owned();
    let rows: Vec<(Option<String>, i64)> = roster_entry::Entity::find()
        .select_only()
        .column(roster_entry::Column::SsCode)
        .column_as(roster_entry::Column::Id.count(), "n")
        .filter(roster_entry::Column::BatchId.in_subquery(others))
        .filter(roster_entry::Column::SsCode.is_in(codes.to_vec()))
        .group_by(roster_entry::Column::SsCode)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(code, n)| code.map(|c| (c, count(n))))
        .collect())
}

/// The batch's 相关材料 per code, in upload order.
pub async fn materials(
    db: &impl ConnectionTrait,
    batch_id: Uuid,
) -> ServiceResult<HashMap<Option<String>, Vec<attachment::Model>>> {
    let links = review_material::Entity::find()
        .filter(review_material::Column::BatchId.eq(batch_id))
        .order_by_asc(review_material::Column::CreatedAt)
        .order_by_asc(review_material::Column::Id)
        .all(db)
        .await?;
    if links.is_empty() {
        return Ok(HashMap::new());
    }
    let files: HashMap<Uuid, attachment::Model> = attachment::Entity::find()
        .filter(attachment::Column::Id.is_in(links.iter().map(|l| l.attachment_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a))
        .collect();
    let mut out: HashMap<Option<String>, Vec<attachment::Model>> = HashMap::new();
    for link in links {
        let file = files
            .get(&link.attachment_id)
            .ok_or_else(|| ServiceError::internal(format!("material {} lost its file", link.id)))?;
        out.entry(link.ss_code).or_default().push(file.clone());
    }
    Ok(out)
}
