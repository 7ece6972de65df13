//! 缴费凭证管理: the list, a batch's voucher page (payee, the 个人代扣 line, payment /
//! refund / e-receipt lines, their balance), saving the lines, 提交审核, 参保名单确定 (the step
//! from 职保会审核通过 to 待上传缴费凭证) and the 参保确认单 once insured.

use api_types::{
    BatchOut, Page, PayeeOut, VoucherListItemOut, VoucherQuery, VouchersIn, VouchersOut,
};
use uuid::Uuid;

use super::files::save_bytes;
use super::{Api, ApiError, Call};

/// The calls of `/api/vouchers` and `/api/batches/{id}/vouchers|voucher-submission|
/// roster-confirmation|confirmation`.
#[derive(Debug, Clone, Copy)]
pub struct VouchersApi(Api);

impl Api {
    /// Payment vouchers.
    pub fn vouchers(self) -> VouchersApi {
        VouchersApi(self)
    }
}

impl VouchersApi {
    /// `GET /api/vouchers` (缴费凭证管理), newest change first.
    pub async fn list(self, query: &VoucherQuery) -> Result<Page<VoucherListItemOut>, ApiError> {
        self.0.json(Call::get("/vouchers").query(query)).await
    }

    /// `GET /api/vouchers/payee`: 职保会退休账户信息, shown above the list.
    pub async fn payee(self) -> Result<PayeeOut, ApiError> {
        self.0.json(Call::get("/vouchers/payee")).await
    }

    /// `GET /api/batches/{id}/vouchers`: the voucher page with its live problems.
    pub async fn get(self, batch: Uuid) -> Result<VouchersOut, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/vouchers")))
            .await
    }

    /// `PUT /api/batches/{id}/vouchers`: every line at once (422 names `payments[0].amount_fen` …).
    pub async fn save(self, batch: &BatchOut, lines: &VouchersIn) -> Result<VouchersOut, ApiError> {
        let call = Call::put(format!("/batches/{}/vouchers", batch.id))
            .if_match(batch.version)
            .json(lines);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/voucher-submission` (提交审核); refused with `details.problems`
    /// while the lines do not balance.
    pub async fn submit(self, batch: &BatchOut) -> Result<VouchersOut, ApiError> {
        let call =
            Call::post(format!("/batches/{}/voucher-submission", batch.id)).if_match(batch.version);
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/roster-confirmation` (参保名单确定，前往上传缴费凭证): the roster
    /// is final and the batch waits for vouchers.
    pub async fn confirm_roster(self, batch: &BatchOut) -> Result<BatchOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster-confirmation", batch.id))
            .if_match(batch.version);
        self.0.json(call).await
    }

    /// `GET /api/batches/{id}/confirmation`: downloads and saves the 参保确认单 (xlsx).
    pub async fn download_confirmation(self, batch: &BatchOut) -> Result<(), ApiError> {
        let bytes = self
            .0
            .bytes(Call::get(format!("/batches/{}/confirmation", batch.id)))
            .await?;
        save_bytes(&bytes, &confirmation_file_name(&batch.batch_no))
    }
}

/// The name the 参保确认单 is saved as (the server's own name for it).
pub fn confirmation_file_name(batch_no: &str) -> String {
    format!("参保确认单_{batch_no}.xlsx")
}

/// `details.problems` of a refused 提交审核: one sentence per problem.
pub fn refused_problems(err: &ApiError) -> Vec<String> {
    err.details
        .as_ref()
        .and_then(|d| d.get("problems"))
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default()
}
