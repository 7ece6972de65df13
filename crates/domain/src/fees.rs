//! What a unit owes (需单位缴纳参保费用) once withholding is done.

use crate::money::Fen;

/// Why a fee could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FeeError {
    /// More successful withholdings than people.
    #[error("代扣成功人数（{successes}）不能超过参保人数（{people}）")]
    SuccessesExceedPeople {
        /// 代扣成功人数
        successes: u32,
        /// 参保人数
        people: u32,
    },
    /// A negative premium or withholding amount.
    #[error("保费和代扣金额不能为负数")]
    NegativeAmount,
    /// A withholding amount above the premium would make the unit's due negative.
    #[error("代扣金额不能超过每人保费")]
    AmountAbovePremium,
    /// The arithmetic does not fit in 64 bits.
    #[error("金额计算溢出")]
    Overflow,
}

/// Total premium of a batch (参保总费用): people × premium.
pub fn total_premium(people: u32, premium: Fen) -> Result<Fen, FeeError> {
    if premium.as_fen() < 0 {
        return Err(FeeError::NegativeAmount);
    }
    premium
        .checked_mul(i64::from(people))
        .ok_or(FeeError::Overflow)
}

/// Money collected by withholding: successes × amount.
pub fn withheld_total(successes: u32, amount: Fen) -> Result<Fen, FeeError> {
    if amount.as_fen() < 0 {
        return Err(FeeError::NegativeAmount);
    }
    amount
        .checked_mul(i64::from(successes))
        .ok_or(FeeError::Overflow)
}

/// Due from the unit: people × premium − successes × amount. Pass `Fen::ZERO` and 0
/// successes for a voucher-only batch.
pub fn unit_due(people: u32, premium: Fen, successes: u32, amount: Fen) -> Result<Fen, FeeError> {
    if successes > people {
        return Err(FeeError::SuccessesExceedPeople { successes, people });
    }
    if amount > premium {
        return Err(FeeError::AmountAbovePremium);
    }
    let total = total_premium(people, premium)?;
    let withheld = withheld_total(successes, amount)?;
    total.checked_sub(withheld).ok_or(FeeError::Overflow)
}
