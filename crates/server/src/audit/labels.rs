//! Chinese wording of the audit log's actions and record kinds, so the log reads as
//! sentences (登录, 删除参保人员, 参保批次) rather than codes. The table lives in `api-types`,
//! where the SPA's filters read it too.

/// The Chinese name of an action code; unknown codes are shown as they are.
pub fn action_label(action: &str) -> &str {
    api_types::audit_action_label(action)
}

/// The Chinese name of a record kind.
pub fn target_label(kind: &str) -> &str {
    api_types::audit_target_label(kind)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_actions_read_in_chinese_and_unknown_ones_stay_visible() {
        assert_eq!(action_label("roster.person_viewed"), "查看参保人员");
        assert_eq!(target_label("batch"), "参保批次");
        assert_eq!(action_label("something.new"), "something.new");
    }

    /// Every action the server writes (`audit::entry(…, "x.y")` anywhere under `src/`)
    /// has its Chinese name: the log never shows a bare code for our own actions.
    #[test]
    fn every_written_action_has_a_label() {
        let mut missing = Vec::new();
        for (path, text) in crate::source_scan::source_files(&["audit/labels.rs"]) {
            for call in text.split("audit::entry(").skip(1) {
                // A literal action code (`feature.verb`); computed ones are not seen.
                let Some(action) = call.split('"').nth(1) else {
                    continue;
                };
                let literal = action.split_once('.').is_some_and(|(a, b)| {
                    [a, b].iter().all(|p| {
                        !p.is_empty() && p.bytes().all(|c| c.is_ascii_lowercase() || c == b'_')
                    })
                });
                if literal && action_label(action) == action {
                    missing.push(format!("{}: {action}", path.display()));
                }
            }
        }
        assert!(missing.is_empty(), "actions without a label: {missing:?}");
    }
}
