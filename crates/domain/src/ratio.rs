//! Enrollment ratio per social-security code (参保比例 = (参保人数 + 已参保人数) / 社保人数).

use serde::{Deserialize, Serialize};

/// Default threshold (75 %).
pub const DEFAULT_RATIO_THRESHOLD_PERCENT: u32 = 75;

/// Head counts of one social-security unit code (社保编号) for the ratio check.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratio {
    /// 参保人数: people of this code in this batch.
    pub insured_here: u32,
    /// 已参保人数: people of this code in the unit's other batches this year.
    pub insured_elsewhere: u32,
    /// 社保人数: retirees on this code according to the social-security interface.
    pub ss_headcount: u32,
}

impl Ratio {
    /// Builds a ratio.
    pub fn new(insured_here: u32, insured_elsewhere: u32, ss_headcount: u32) -> Ratio {
        Ratio {
            insured_here,
            insured_elsewhere,
            ss_headcount,
        }
    }

    fn insured(&self) -> u64 {
        u64::from(self.insured_here) + u64::from(self.insured_elsewhere)
    }

    /// Whether (参保人数 + 已参保人数) × 100 ≥ threshold × 社保人数. A code with no
    /// head count (社保人数 0, e.g. 未匹配到单位社保编码) never meets it: the manual shows
    /// such codes as 0 % and asks for materials or reasons instead.
    pub fn meets(&self, threshold_percent: u32) -> bool {
        self.ss_headcount > 0
            && self.insured() * 100 >= u64::from(threshold_percent) * u64::from(self.ss_headcount)
    }

    /// Whole percent, rounded down; 0 when the head count is 0.
    pub fn percent_floor(&self) -> u64 {
        if self.ss_headcount == 0 {
            0
        } else {
            self.insured() * 100 / u64::from(self.ss_headcount)
        }
    }

    /// The ratio as the platform shows it: whole percent rounded down with one decimal
    /// (`3.0%` for 14 of 424), and `0%` when it rounds down to nothing — matching the
    /// manual's figures (14/424 → 3.0%, 11/13777 → 0%, head count 0 → 0%).
    pub fn display(&self) -> String {
        match self.percent_floor() {
            0 => "0%".to_owned(),
            p => format!("{p}.0%"),
        }
    }

    /// The same code after removing `removed` people from this batch (e.g. deleting
    /// failed-deduction people), to check the ratio still holds.
    pub fn without(&self, removed: u32) -> Ratio {
        Ratio {
            insured_here: self.insured_here.saturating_sub(removed),
            ..*self
        }
    }
}
