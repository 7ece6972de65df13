//! The live preview of step ⑤: while the operator edits the 社保类型 of people without a
//! social-security match (before 保存), the domain's own `review::assess` — the function
//! the server decides with — recomputes each code's 附件上传状态, what is still missing and
//! whether 提交职保会审核 would be accepted, without a round trip. The server's answer
//! stays the authority: with nothing edited the preview *is* the server's answer.

use std::collections::HashMap;

use api_types::{
    AttachmentOut, CodeStandingKey, NoSsReasonIn, NoSsReasonKey, RatiosOut, UnmatchedPersonOut,
};
use domain::review::{assess, CodeFacts, CodeStanding, Missing, UnmatchedPerson};
use domain::{BatchRefusal, NoSsReason, Ratio, YearMonth};
use uuid::Uuid;

/// What the operator has chosen for one person so far (编辑), saved or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonDraft {
    /// 社保类型.
    pub reason: Option<NoSsReasonKey>,
    /// 备注 (其它类型说明), as typed.
    pub remark: String,
    /// 附件 uploaded for the reason.
    pub attachment: Option<AttachmentOut>,
}

impl ReasonDraft {
    /// The person's saved reason.
    pub fn saved(p: &UnmatchedPersonOut) -> Self {
        ReasonDraft {
            reason: p.reason,
            remark: p.remark.clone().unwrap_or_default(),
            attachment: p.attachment.clone(),
        }
    }

    /// Whether the draft says something else than what is saved for `p`.
    pub fn differs_from(&self, p: &UnmatchedPersonOut) -> bool {
        let saved = ReasonDraft::saved(p);
        self.reason != saved.reason
            || self.remark.trim() != saved.remark.trim()
            || self.attachment.as_ref().map(|a| a.id) != saved.attachment.as_ref().map(|a| a.id)
    }

    /// The request that saves it; `None` until a 社保类型 is chosen.
    pub fn to_input(&self) -> Option<NoSsReasonIn> {
        Some(NoSsReasonIn {
            reason: self.reason?,
            remark: Some(self.remark.trim().to_owned()).filter(|r| !r.is_empty()),
            attachment_id: self.attachment.as_ref().map(|a| a.id),
        })
    }
}

/// The domain's reason of an API key.
pub fn reason_of(key: NoSsReasonKey) -> NoSsReason {
    match key {
        NoSsReasonKey::NewlyRetired => NoSsReason::NewlyRetired,
        NoSsReasonKey::CadreInsurance => NoSsReason::CadreInsurance,
        NoSsReasonKey::Abroad => NoSsReason::Abroad,
        NoSsReasonKey::Other => NoSsReason::Other,
    }
}

/// 附件上传状态 of a standing.
fn standing_key(s: CodeStanding) -> CodeStandingKey {
    match s {
        CodeStanding::Meets => CodeStandingKey::Meets,
        CodeStanding::NewlyRetiredOnly => CodeStandingKey::NewlyRetiredOnly,
        CodeStanding::MaterialsUploaded => CodeStandingKey::MaterialsUploaded,
        CodeStanding::MaterialsMissing => CodeStandingKey::MaterialsMissing,
    }
}

/// Step ⑤ as it would stand if the drafts were saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// 附件上传状态 of each row of `RatiosOut::rows`, in the same order.
    pub standings: Vec<(CodeStandingKey, String)>,
    /// What each unmatched person still lacks, by roster entry.
    pub problems: HashMap<Uuid, Option<String>>,
    /// Every gap, one sentence each.
    pub missing: Vec<String>,
    /// Whether 提交职保会审核 would be accepted.
    pub can_submit: bool,
    /// Whether any draft differs from what is saved (then submitting saves them first).
    pub unsaved: bool,
}

/// The people as the domain sees them, each with its draft when there is one.
fn people(r: &RatiosOut, drafts: &HashMap<Uuid, ReasonDraft>) -> Vec<UnmatchedPerson> {
    r.unmatched
        .iter()
        .map(|p| {
            let draft = drafts
                .get(&p.entry_id)
                .cloned()
                .unwrap_or_else(|| ReasonDraft::saved(p));
            UnmatchedPerson {
                name: p.name.clone(),
                reason: draft.reason.map(reason_of),
                remark: Some(draft.remark).filter(|r| !r.trim().is_empty()),
                has_attachment: draft.attachment.is_some(),
                retirement_month: p
                    .retirement_month
                    .as_deref()
                    .and_then(|m| YearMonth::parse(m).ok()),
            }
        })
        .collect()
}

/// The codes as the domain sees them (the 未匹配到单位社保编码 group is not a code: its people
/// each need a reason instead).
fn codes(r: &RatiosOut) -> Vec<CodeFacts> {
    r.rows
        .iter()
        .filter_map(|row| {
            Some(CodeFacts {
                ss_code: row.ss_code.clone()?,
                ratio: Ratio::new(row.insured_here, row.insured_elsewhere, row.ss_headcount),
                newly_retired_here: row.newly_retired_here,
                materials: u32::try_from(row.materials.len()).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Recomputes step ⑤ with the drafts applied. `may_prepare` is whether the batch's status
/// offers step ⑤'s changes at all (`prepare_review`).
pub fn preview(r: &RatiosOut, drafts: &HashMap<Uuid, ReasonDraft>, may_prepare: bool) -> Preview {
    let codes = codes(r);
    let people = people(r, drafts);
    let plan_year = r.batch.plan_year;
    let now = assess(&codes, &people, plan_year, r.threshold_percent);
    let by_code: HashMap<&str, CodeStanding> = codes
        .iter()
        .map(|c| c.ss_code.as_str())
        .zip(now.codes.iter().copied())
        .collect();
    let standings = r
        .rows
        .iter()
        .map(
            |row| match row.ss_code.as_deref().and_then(|c| by_code.get(c)) {
                Some(s) => (standing_key(*s), s.label_zh().to_owned()),
                // The group keeps the server's word (its materials are optional).
                None => (row.standing, row.standing_label.clone()),
            },
        )
        .collect();
    let problems = r
        .unmatched
        .iter()
        .zip(&people)
        .map(|(p, person)| {
            let gap = domain::review::person_gap(person, plan_year).map(|gap| {
                Missing::Reason {
                    name: p.name.clone(),
                    gap,
                }
                .to_string()
            });
            (p.entry_id, gap)
        })
        .collect();
    let unsaved = r
        .unmatched
        .iter()
        .any(|p| drafts.get(&p.entry_id).is_some_and(|d| d.differs_from(p)));
    if !unsaved {
        // Nothing edited: the server's own words.
        return Preview {
            standings,
            problems,
            missing: r.missing.clone(),
            can_submit: r.can_submit,
            unsaved,
        };
    }
    // The server's lines that are not the domain's (verification left open, a rule of the
    // state machine) stay; the domain's lines are recomputed.
    let saved_domain: Vec<String> =
        assess(&codes, &people_saved(r), plan_year, r.threshold_percent)
            .missing
            .iter()
            .map(ToString::to_string)
            .collect();
    let head: Vec<String> = [
        (r.unchecked > 0).then(|| {
            BatchRefusal::UncheckedPeople(usize::try_from(r.unchecked).unwrap_or(usize::MAX))
                .to_string()
        }),
        (r.blocking_anomalies > 0).then(|| {
            BatchRefusal::BlockingAnomalies(
                usize::try_from(r.blocking_anomalies).unwrap_or(usize::MAX),
            )
            .to_string()
        }),
    ]
    .into_iter()
    .flatten()
    .collect();
    let tail: Vec<String> = r
        .missing
        .iter()
        .filter(|l| !head.contains(l) && !saved_domain.contains(l))
        .cloned()
        .collect();
    let mut missing = head;
    missing.extend(now.missing.iter().map(ToString::to_string));
    missing.extend(tail);
    Preview {
        standings,
        problems,
        can_submit: may_prepare && missing.is_empty(),
        missing,
        unsaved,
    }
}

/// The people as saved (no drafts).
fn people_saved(r: &RatiosOut) -> Vec<UnmatchedPerson> {
    people(r, &HashMap::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{AttachmentPurpose, BatchKindKey, BatchOut, RatioRowOut};
    use chrono::DateTime;

    fn time() -> chrono::DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-30T10:00:00+08:00").unwrap_or_default()
    }

    fn batch() -> BatchOut {
        BatchOut {
            id: Uuid::nil(),
            batch_no: "TXZY202611300001".into(),
            unit_id: Uuid::nil(),
            unit_name: "上海某公司".into(),
            enrollment_code: Some("123000000".into()),
            kind: BatchKindKey::Instant,
            kind_label: "即时参保".into(),
            plan_year: 2026,
            status: "verified".into(),
            status_label: "名单校验完成".into(),
            wizard_step: 4,
            payment_method: None,
            withholding_amount_fen: None,
            withholding_letter_id: None,
            roster_size: 4,
            unit_due_fen: None,
            withheld_people: None,
            allowed_actions: vec!["prepare_review".into()],
            can_continue: true,
            can_edit_roster: true,
            can_delete: true,
            progress: None,
            version: 7,
            created_at: time(),
            updated_at: time(),
        }
    }

    fn file() -> AttachmentOut {
        AttachmentOut {
            id: Uuid::from_u128(9),
            unit_id: None,
            purpose: AttachmentPurpose::RatioMaterial,
            file_name: "说明.pdf".into(),
            content_type: "application/pdf".into(),
            size_bytes: 10,
            sha256: String::new(),
            created_at: time(),
        }
    }

    fn row(code: Option<&str>, here: u32, headcount: u32, materials: usize) -> RatioRowOut {
        let (standing, label) = match (code, materials) {
            (Some(_), 0) => (CodeStandingKey::MaterialsMissing, "未上传"),
            (None, 0) => (CodeStandingKey::MaterialsMissing, "未上传"),
            _ => (CodeStandingKey::MaterialsUploaded, "已上传"),
        };
        RatioRowOut {
            ss_code: code.map(str::to_owned),
            code_label: code.unwrap_or("未匹配到单位社保编码").into(),
            unit_name: None,
            ss_headcount: headcount,
            insured_here: here,
            insured_elsewhere: 0,
            newly_retired_here: 0,
            ratio: Ratio::new(here, 0, headcount).display(),
            standing,
            standing_label: label.into(),
            materials: vec![file(); materials],
            review_status: None,
            review_status_label: String::new(),
            reject_reasons: Vec::new(),
        }
    }

    fn person(reason: Option<NoSsReasonKey>) -> UnmatchedPersonOut {
        UnmatchedPersonOut {
            entry_id: Uuid::from_u128(1),
            row_no: 4,
            name: "赵伟冬".into(),
            id_number_masked: "310***********0014".into(),
            retirement_month: None,
            reason,
            reason_label: String::new(),
            remark: None,
            attachment: None,
            problem: None,
        }
    }

    /// The server's answer for a batch with one code (3 of 1000, materials uploaded) and one
    /// person without a reason.
    fn answer() -> RatiosOut {
        RatiosOut {
            batch: batch(),
            threshold_percent: 75,
            rows: vec![row(Some("C000000001"), 3, 1000, 1), row(None, 1, 0, 0)],
            unmatched: vec![person(None)],
            unchecked: 0,
            blocking_anomalies: 0,
            missing: vec!["赵伟冬：未匹配到社保信息，请选择其具体情形".into()],
            can_submit: false,
            withholding_letter: None,
            latest_review: None,
            operator: None,
        }
    }

    #[test]
    fn without_edits_the_preview_is_the_servers_answer() {
        let r = answer();
        let p = preview(&r, &HashMap::new(), true);
        assert_eq!(p.missing, r.missing);
        assert!(!p.can_submit && !p.unsaved);
        assert_eq!(
            p.standings[0],
            (CodeStandingKey::MaterialsUploaded, "已上传".into())
        );
        // The group keeps the server's 附件上传状态.
        assert_eq!(
            p.standings[1],
            (CodeStandingKey::MaterialsMissing, "未上传".into())
        );
    }

    #[test]
    fn other_needs_a_remark_and_an_attachment_before_the_button_lights_up() {
        let r = answer();
        let id = r.unmatched[0].entry_id;
        let mut drafts = HashMap::new();
        drafts.insert(
            id,
            ReasonDraft {
                reason: Some(NoSsReasonKey::Other),
                remark: "社保封存".into(),
                attachment: None,
            },
        );
        let p = preview(&r, &drafts, true);
        assert_eq!(p.missing, ["赵伟冬：选择“其他”时须上传附件"]);
        assert_eq!(
            p.problems[&id].as_deref(),
            Some("赵伟冬：选择“其他”时须上传附件")
        );
        assert!(!p.can_submit && p.unsaved);
        if let Some(d) = drafts.get_mut(&id) {
            d.attachment = Some(file());
        }
        let p = preview(&r, &drafts, true);
        assert!(p.missing.is_empty() && p.can_submit, "{:?}", p.missing);
        assert_eq!(p.problems[&id], None);
        // A status that does not offer step ⑤'s changes never lights it.
        assert!(!preview(&r, &drafts, false).can_submit);
        let input = drafts[&id].to_input();
        assert_eq!(input.and_then(|i| i.attachment_id), Some(file().id));
    }

    #[test]
    fn the_servers_other_lines_stay_and_a_missing_code_is_recomputed() {
        let mut r = answer();
        r.rows[0] = row(Some("C000000001"), 3, 1000, 0);
        r.unchecked = 2;
        let unchecked = BatchRefusal::UncheckedPeople(2).to_string();
        r.missing = vec![
            unchecked.clone(),
            "社保编号 C000000001 参保比例 0% 未达 75%，请在“操作”栏点击“上传相关材料”".into(),
            "赵伟冬：未匹配到社保信息，请选择其具体情形".into(),
            "请填写委托代扣金额并上传已盖章的委托代扣款申请书".into(),
        ];
        let mut drafts = HashMap::new();
        drafts.insert(
            r.unmatched[0].entry_id,
            ReasonDraft {
                reason: Some(NoSsReasonKey::Abroad),
                remark: String::new(),
                attachment: None,
            },
        );
        let p = preview(&r, &drafts, true);
        assert_eq!(
            p.missing,
            [
                unchecked,
                "社保编号 C000000001 参保比例 0% 未达 75%，请在“操作”栏点击“上传相关材料”".into(),
                "请填写委托代扣金额并上传已盖章的委托代扣款申请书".to_owned(),
            ]
        );
        assert_eq!(p.standings[0].1, "未上传");
        assert!(!p.can_submit);
    }

    #[test]
    fn a_draft_equal_to_the_saved_reason_is_not_unsaved() {
        let mut r = answer();
        r.unmatched[0] = UnmatchedPersonOut {
            remark: Some("社保封存".into()),
            ..person(Some(NoSsReasonKey::Other))
        };
        let saved = ReasonDraft::saved(&r.unmatched[0]);
        let same = ReasonDraft {
            remark: " 社保封存 ".into(),
            ..saved.clone()
        };
        assert!(!same.differs_from(&r.unmatched[0]));
        assert!(ReasonDraft {
            reason: None,
            ..saved
        }
        .to_input()
        .is_none());
    }
}
