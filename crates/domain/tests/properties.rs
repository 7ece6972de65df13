//! Property tests for the invariants of IDs, credit codes, fees and the batch machine.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on bad setup

use chrono::{Datelike, NaiveDate};
use domain::batch::{BatchAction, BatchContext, BatchStatus};
use domain::credit_code::{credit_code_check_char, CREDIT_CODE_CHARSET};
use domain::fees::unit_due;
use domain::id_number::resident_id_check_digit;
use domain::*;
use proptest::prelude::*;

fn first17() -> impl Strategy<Value = String> {
    (110_000u32..=829_999, 0i64..(365 * 120), 0u32..1000).prop_map(|(region, days, seq)| {
        let birth = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap() + chrono::Duration::days(days);
        format!("{region:06}{}{seq:03}", birth.format("%Y%m%d"))
    })
}

fn valid_id() -> impl Strategy<Value = String> {
    first17().prop_map(|f| format!("{f}{}", resident_id_check_digit(&f).unwrap()))
}

fn credit_first17() -> impl Strategy<Value = String> {
    let chars: Vec<char> = CREDIT_CODE_CHARSET.chars().collect();
    proptest::collection::vec(proptest::sample::select(chars), 17)
        .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn generated_ids_parse(number in valid_id()) {
        let id = IdNumber::parse(DocumentType::ResidentId, &number).unwrap();
        prop_assert_eq!(id.as_str(), number.as_str());
        let birth = id.birth_date().unwrap();
        prop_assert_eq!(birth.format("%Y%m%d").to_string(), number[6..14].to_string());
        let odd = number[16..17].parse::<u32>().unwrap() % 2 == 1;
        prop_assert_eq!(id.sex(), Some(if odd { Sex::Male } else { Sex::Female }));
        prop_assert_eq!(id.masked().chars().count(), 18);
        prop_assert!(birth.year() >= 1900);
    }

    #[test]
    fn any_single_character_change_is_caught(number in valid_id(), pos in 0usize..18, delta in 1u32..11) {
        let mut chars: Vec<char> = number.chars().collect();
        let alphabet = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];
        let current = alphabet.iter().position(|c| *c == chars[pos]).unwrap() as u32;
        let limit = if pos == 17 { 11 } else { 10 };
        let replacement = alphabet[((current + delta) % limit) as usize];
        prop_assume!(replacement != chars[pos]);
        chars[pos] = replacement;
        let changed: String = chars.into_iter().collect();
        prop_assert!(IdNumber::parse(DocumentType::ResidentId, &changed).is_err(), "{}", changed);
    }

    #[test]
    fn generated_credit_codes_parse_and_changes_are_caught(
        first in credit_first17(),
        pos in 0usize..18,
        delta in 1usize..31,
    ) {
        let code = format!("{first}{}", credit_code_check_char(&first).unwrap());
        prop_assert!(CreditCode::parse(&code).is_ok());
        let charset: Vec<char> = CREDIT_CODE_CHARSET.chars().collect();
        let mut chars: Vec<char> = code.chars().collect();
        let current = charset.iter().position(|c| *c == chars[pos]).unwrap();
        chars[pos] = charset[(current + delta) % 31];
        let changed: String = chars.into_iter().collect();
        prop_assert_eq!(CreditCode::parse(&changed), Err(CreditCodeError::CheckCharMismatch));
    }

    #[test]
    fn unit_due_is_never_negative_for_valid_inputs(
        people in 0u32..100_000,
        premium_fen in 1i64..10_000_000,
        success_share in 0u32..=100,
        amount_share in 1i64..=100,
    ) {
        let successes = people / 100 * success_share + (people % 100) * success_share / 100;
        let premium = Fen(premium_fen);
        let amount = Fen((premium_fen * amount_share / 100).max(1));
        let due = unit_due(people, premium, successes, amount).unwrap();
        prop_assert!(due >= Fen::ZERO);
        prop_assert!(due.as_fen() <= premium_fen * i64::from(people));
        let expected = i64::from(people) * premium_fen - i64::from(successes) * amount.as_fen();
        prop_assert_eq!(due.as_fen(), expected);
    }

    #[test]
    fn unit_due_never_panics(people: u32, premium: i64, successes: u32, amount: i64) {
        if let Ok(due) = unit_due(people, Fen(premium), successes, Fen(amount)) {
            prop_assert!(due >= Fen::ZERO);
        }
    }

    #[test]
    fn yuan_text_round_trips(fen in 0i64..1_000_000_000_000) {
        prop_assert_eq!(Fen::parse_yuan(&Fen(fen).yuan_string()), Ok(Fen(fen)));
    }
}

fn context() -> impl Strategy<Value = BatchContext> {
    (
        proptest::option::of(prop_oneof![
            Just(PaymentMethod::Withholding),
            Just(PaymentMethod::Voucher)
        ]),
        0usize..4,
        0usize..4,
        any::<[bool; 8]>(),
        0usize..3,
        0usize..3,
        0usize..3,
    )
        .prop_map(
            |(method, roster, deleting, flags, blocking, withholdable, failed)| BatchContext {
                payment_method: method,
                roster_size: roster,
                deletion_count: deleting,
                enrollment_window_open: flags[0],
                withholding_channel_open: flags[1],
                withholding_application_open: flags[2],
                withholding_details_complete: flags[3],
                blocking_anomalies: blocking,
                unchecked_people: usize::from(flags[7]),
                review_requirements_met: flags[4],
                withholdable_count: withholdable,
                failed_deductions: failed,
                ratio_holds_after_deletion: flags[5],
                vouchers_balanced: flags[6],
            },
        )
}

fn action() -> impl Strategy<Value = BatchAction> {
    proptest::sample::select(BatchAction::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Drives the machine with random actions and contexts, tracking the chosen payment
    /// method as the server would, and checks the rules hold at every step.
    #[test]
    fn state_machine_invariants(steps in proptest::collection::vec((action(), context()), 1..60)) {
        let mut status = BatchStatus::RosterPending;
        let mut method: Option<PaymentMethod> = None;
        let mut submitted = false;
        for (action, mut ctx) in steps {
            ctx.payment_method = method;
            let before = status;
            match status.apply(action, &ctx) {
                Ok(t) => {
                    prop_assert_eq!(t.from, before);
                    prop_assert!(BatchStatus::ALL.contains(&t.to));
                    prop_assert!(status.allowed_actions(&ctx).contains(&action));
                    if let Some(m) = t.chosen_payment_method() {
                        prop_assert!(method.is_none(), "payment method changed");
                        method = Some(m);
                    }
                    if t.removes_batch() {
                        prop_assert!(before.can_delete());
                        break;
                    }
                    if action.edits_roster() {
                        prop_assert!(before.can_edit_roster(&ctx));
                    }
                    status = t.to;
                }
                Err(refusal) => {
                    prop_assert!(!status.allowed_actions(&ctx).contains(&action));
                    prop_assert!(!refusal.to_string().is_empty());
                }
            }
            if method == Some(PaymentMethod::Voucher) {
                prop_assert!(!matches!(status, BatchStatus::WithholdingApplied | BatchStatus::WithholdingDone));
            }
            if matches!(status, BatchStatus::UnderReview) {
                submitted = true;
            }
            if submitted && !matches!(status, BatchStatus::ReviewRejected | BatchStatus::RosterPending
                | BatchStatus::VerificationPending | BatchStatus::Verifying | BatchStatus::Verified) {
                prop_assert!(!status.can_delete());
            }
            if status != BatchStatus::RosterPending {
                prop_assert!(method.is_some(), "left RosterPending without a payment method");
            }
        }
    }

    /// A refused action never changes anything: applying it again gives the same refusal.
    #[test]
    fn refusals_are_stable(status in proptest::sample::select(BatchStatus::ALL.to_vec()), action in action(), ctx in context()) {
        let first = status.apply(action, &ctx);
        let second = status.apply(action, &ctx);
        prop_assert_eq!(first, second);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Walks only through allowed actions (so deep statuses are reached) and checks each
    /// one really applies, that withholding statuses need the withholding method, and
    /// that completion is only reached through voucher approval.
    #[test]
    fn walks_through_allowed_actions(steps in proptest::collection::vec((any::<usize>(), context()), 1..80)) {
        let mut status = BatchStatus::RosterPending;
        let mut method: Option<PaymentMethod> = None;
        for (pick, mut ctx) in steps {
            ctx.payment_method = method;
            let allowed = status.allowed_actions(&ctx);
            if allowed.is_empty() {
                continue;
            }
            let action = allowed[pick % allowed.len()];
            if action == BatchAction::DeleteBatch {
                continue;
            }
            let t = status.apply(action, &ctx).unwrap();
            if let Some(m) = t.chosen_payment_method() {
                prop_assert!(method.is_none());
                method = Some(m);
            }
            if matches!(t.to, BatchStatus::WithholdingApplied | BatchStatus::WithholdingDone) {
                prop_assert_eq!(method, Some(PaymentMethod::Withholding));
            }
            if t.to == BatchStatus::Completed {
                prop_assert_eq!(t.from, BatchStatus::VouchersUnderReview);
            }
            status = t.to;
        }
    }
}

mod review_properties {
    use domain::ratio::Ratio;
    use domain::review::{assess, code_standing, CodeFacts, CodeStanding};
    use proptest::prelude::*;

    fn facts() -> impl Strategy<Value = CodeFacts> {
        (0u32..200, 0u32..200, 0u32..400, 0u32..200, 0u32..3).prop_map(
            |(here, elsewhere, headcount, newly, materials)| CodeFacts {
                ss_code: "C".into(),
                ratio: Ratio::new(here, elsewhere, headcount),
                newly_retired_here: newly.min(here),
                materials,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Meeting the ratio is exactly the ratio's own rule, and uploading materials
        /// never makes a code worse.
        #[test]
        fn standing_follows_the_ratio_and_materials_only_help(f in facts(), threshold in 0u32..=100) {
            let s = code_standing(&f, threshold);
            prop_assert_eq!(s == CodeStanding::Meets, f.ratio.meets(threshold));
            let mut more = f.clone();
            more.materials += 1;
            prop_assert!(code_standing(&more, threshold).satisfied());
            if s.satisfied() {
                prop_assert!(code_standing(&more, threshold).satisfied());
            }
        }

        /// A batch is ready exactly when every code is satisfied (no unmatched people),
        /// and every unsatisfied code is named once.
        #[test]
        fn ready_means_every_code_is_satisfied(codes in proptest::collection::vec(facts(), 0..8), threshold in 1u32..=100) {
            let r = assess(&codes, &[], 2025, threshold);
            let unsatisfied = r.codes.iter().filter(|s| !s.satisfied()).count();
            prop_assert_eq!(r.missing.len(), unsatisfied);
            prop_assert_eq!(r.ready(), unsatisfied == 0);
        }
    }
}

/// A character no name may hold: a control, a format (bidi, zero-width) or a private-use one.
fn refused_char() -> impl Strategy<Value = char> {
    proptest::sample::select(vec![
        '\u{0}',
        '\u{1F}',
        '\u{7F}',
        '\u{9F}',
        '\u{AD}',
        '\u{61C}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{200E}',
        '\u{200F}',
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}',
        '\u{2060}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{FEFF}',
        '\u{E000}',
        '\u{F8FF}',
        '\u{F0000}',
        '\u{10FFFD}',
        '\u{E0041}',
    ])
}

proptest! {
    #[test]
    fn a_name_holding_an_invisible_character_is_refused_wherever_it_sits(
        name in "[张王李赵][一-龥]{1,6}",
        c in refused_char(),
        at in 0usize..8,
    ) {
        let mut chars: Vec<char> = name.chars().collect();
        chars.insert(at.min(chars.len()), c);
        let with: String = chars.into_iter().collect();
        prop_assert!(is_refused_in_text(c));
        prop_assert!(PersonName::parse(&with).is_err(), "{:?}", with);
        let unit = format!("上海{with}有限公司");
        prop_assert!(UnitName::parse(&unit).is_err(), "{:?}", unit);
    }
}
