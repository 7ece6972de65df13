//! How long batches stay in each step of their life (统计's status funnel): every time a
//! batch leaves a status is one stay, measured from the moment it entered it (its creation
//! for 名单待导入). A batch rejected twice has two stays in 职保会审核不通过. The status a batch
//! stands in now is not a finished stay and is not counted.

use chrono::{DateTime, Utc};

use super::BatchFact;
use crate::batch::BatchStatus;

/// A batch moved from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusChange {
    /// Where it was.
    pub from: BatchStatus,
    /// Where it went.
    pub to: BatchStatus,
    /// When.
    pub at: DateTime<Utc>,
}

/// One status of the funnel.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelStep {
    /// The status.
    pub status: BatchStatus,
    /// Batches standing in it now.
    pub batches: u64,
    /// Finished stays in it (batches that entered it and moved on).
    pub stays: u64,
    /// Their mean length in seconds.
    pub mean_seconds: Option<i64>,
    /// Their median length in seconds.
    pub median_seconds: Option<i64>,
}

/// The finished stays of one batch created at `created_at`: each status it left, with the
/// seconds it spent there, in the order they happened. Changes are taken in time order, and
/// changes at the same instant in the order their statuses chain (from the status the batch
/// was in). A change that does not start where the batch stood (a gap in the record, e.g.
/// a batch older than the record) ends no stay; the batch stands where it leads.
pub fn stays(created_at: DateTime<Utc>, changes: &[StatusChange]) -> Vec<(BatchStatus, i64)> {
    let mut changes = changes.to_vec();
    changes.sort_by_key(|c| c.at);
    let mut out = Vec::with_capacity(changes.len());
    let (mut status, mut since) = (BatchStatus::RosterPending, created_at);
    for i in 0..changes.len() {
        // Of the changes at this instant, the one that starts where the batch stands first.
        let at = changes[i].at;
        if let Some(j) = changes[i..]
            .iter()
            .take_while(|c| c.at == at)
            .position(|c| c.from == status)
        {
            changes.swap(i, i + j);
        }
        let c = changes[i];
        if c.from == status {
            out.push((status, (c.at - since).num_seconds().max(0)));
        }
        (status, since) = (c.to, c.at);
    }
    out
}

/// Every status in life-cycle order: the batches in it now and the length of the stays in it.
pub fn funnel(batches: &[BatchFact]) -> Vec<FunnelStep> {
    let mut lengths: Vec<Vec<i64>> = vec![Vec::new(); BatchStatus::ALL.len()];
    for b in batches {
        for (status, seconds) in stays(b.created_at, &b.changes) {
            if let Some(i) = BatchStatus::ALL.iter().position(|s| *s == status) {
                lengths[i].push(seconds);
            }
        }
    }
    BatchStatus::ALL
        .into_iter()
        .zip(lengths)
        .map(|(status, mut l)| {
            l.sort_unstable();
            let n = l.len();
            let mean = (n > 0).then(|| {
                let sum: i128 = l.iter().map(|s| i128::from(*s)).sum();
                i64::try_from(sum / n as i128).unwrap_or(i64::MAX)
            });
            let median = (n > 0).then(|| {
                if n % 2 == 1 {
                    l[n / 2]
                } else {
                    l[n / 2 - 1] + (l[n / 2] - l[n / 2 - 1]) / 2
                }
            });
            FunnelStep {
                status,
                batches: batches.iter().filter(|b| b.status == status).count() as u64,
                stays: n as u64,
                mean_seconds: mean,
                median_seconds: median,
            }
        })
        .collect()
}

/// A length of time as the reviewer reads it: `45分钟`, `3.5小时`, `2.3天`.
pub fn duration_label_zh(seconds: i64) -> String {
    let s = seconds.max(0) as f64;
    if s < 3_600.0 {
        format!("{}分钟", (s / 60.0).round() as i64)
    } else if s < 48.0 * 3_600.0 {
        format!("{:.1}小时", s / 3_600.0)
    } else {
        format!("{:.1}天", s / 86_400.0)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use BatchStatus::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, 20, 1, 0, 0)
            .single()
            .expect("a test instant")
    }

    fn change(from: BatchStatus, to: BatchStatus, hours: i64) -> StatusChange {
        StatusChange {
            from,
            to,
            at: t0() + Duration::hours(hours),
        }
    }

    #[test]
    fn each_status_left_is_one_stay_and_the_current_one_is_not() {
        let changes = [
            change(RosterPending, VerificationPending, 2),
            change(VerificationPending, Verifying, 3),
            change(Verifying, Verified, 3),
            change(Verified, UnderReview, 27),
            change(UnderReview, ReviewRejected, 51),
            change(ReviewRejected, UnderReview, 53),
            change(UnderReview, ReviewApproved, 54),
        ];
        let got = stays(t0(), &changes);
        assert_eq!(
            got,
            [
                (RosterPending, 7_200),
                (VerificationPending, 3_600),
                (Verifying, 0),
                (Verified, 86_400),
                (UnderReview, 86_400),
                (ReviewRejected, 7_200),
                (UnderReview, 3_600),
            ]
        );
    }

    #[test]
    fn changes_at_one_instant_follow_the_chain_whatever_their_order() {
        // 校验 with nobody to check starts and finishes at the same instant.
        let forward = [
            change(RosterPending, VerificationPending, 1),
            change(VerificationPending, Verifying, 2),
            change(Verifying, Verified, 2),
            change(Verified, UnderReview, 4),
        ];
        let mut shuffled = forward;
        shuffled.swap(1, 2);
        shuffled.swap(0, 3);
        assert_eq!(stays(t0(), &shuffled), stays(t0(), &forward));
        assert_eq!(stays(t0(), &forward)[3], (Verified, 7_200));
    }

    #[test]
    fn a_gap_in_the_record_ends_no_stay() {
        // The first change recorded starts at 名单校验完成: nothing before it is known.
        let changes = [
            change(Verified, UnderReview, 10),
            change(UnderReview, ReviewApproved, 12),
        ];
        assert_eq!(stays(t0(), &changes), [(UnderReview, 7_200)]);
    }

    #[test]
    fn the_funnel_counts_batches_now_and_the_mean_and_median_of_stays() {
        let fact = |status, changes: Vec<StatusChange>| BatchFact {
            unit: "u".into(),
            status,
            kind: crate::plan_year::BatchKind::Centralized,
            method: None,
            people: 1,
            completed_on: None,
            created_at: t0(),
            changes,
        };
        let batches = [
            fact(
                UnderReview,
                vec![change(RosterPending, VerificationPending, 1)],
            ),
            fact(
                VerificationPending,
                vec![change(RosterPending, VerificationPending, 2)],
            ),
            fact(
                VerificationPending,
                vec![change(RosterPending, VerificationPending, 6)],
            ),
            fact(RosterPending, vec![]),
        ];
        let f = funnel(&batches);
        assert_eq!(f.len(), BatchStatus::ALL.len());
        let pending = &f[0];
        assert_eq!(
            (pending.status, pending.batches, pending.stays),
            (RosterPending, 1, 3)
        );
        assert_eq!(pending.mean_seconds, Some(3 * 3_600));
        assert_eq!(pending.median_seconds, Some(2 * 3_600));
        assert_eq!((f[1].batches, f[1].stays, f[1].mean_seconds), (2, 0, None));
        assert_eq!(f[4].batches, 1);
    }

    #[test]
    fn durations_read_in_minutes_hours_or_days() {
        assert_eq!(duration_label_zh(0), "0分钟");
        assert_eq!(duration_label_zh(45 * 60), "45分钟");
        assert_eq!(duration_label_zh(3 * 3_600 + 1_800), "3.5小时");
        assert_eq!(duration_label_zh(2 * 86_400 + 7_200), "2.1天");
    }
}
