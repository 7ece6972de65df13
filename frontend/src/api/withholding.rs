//! 代扣申请 (wizard step ⑥ of a withholding batch): the step's figures, 提交代扣申请, the
//! reviewer's 受理, the 代扣受理单 and 参保名单确定.

use api_types::{BatchOut, WithholdingApplicationIn, WithholdingOut};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/batches/{id}/withholding…` and `…/roster-confirmation`.
#[derive(Debug, Clone, Copy)]
pub struct WithholdingApi(Api);

impl Api {
    /// Withholding.
    pub fn withholding(self) -> WithholdingApi {
        WithholdingApi(self)
    }
}

impl WithholdingApi {
    /// `GET /api/batches/{id}/withholding`: 可代扣人数, the deadline, whether 提交代扣申请 is
    /// possible, the application with its results, and what the unit pays.
    pub async fn get(self, batch: Uuid) -> Result<WithholdingOut, ApiError> {
        self.0
            .json(Call::get(format!("/batches/{batch}/withholding")))
            .await
    }

    /// `POST /api/batches/{id}/withholding-application` after 我已阅读并同意: the list of
    /// 可代扣 people is frozen and the batch comes back 代扣申请中.
    pub async fn apply(self, batch: &BatchOut) -> Result<WithholdingOut, ApiError> {
        let call = Call::post(format!("/batches/{}/withholding-application", batch.id))
            .if_match(batch.version)
            .json(&WithholdingApplicationIn { agreed: true });
        self.0.json(call).await
    }

    /// `POST /api/batches/{id}/withholding/acceptance` (受理, reviewers): 409 when accepted
    /// already.
    pub async fn accept(self, batch: Uuid) -> Result<WithholdingOut, ApiError> {
        self.0
            .json(Call::post(format!(
                "/batches/{batch}/withholding/acceptance"
            )))
            .await
    }

    /// `GET /api/batches/{id}/withholding/slip`: the 代扣受理单 PDF (409 before acceptance).
    pub async fn slip(self, batch: Uuid) -> Result<Vec<u8>, ApiError> {
        self.0
            .bytes(Call::get(format!("/batches/{batch}/withholding/slip")))
            .await
    }

    /// `POST /api/batches/{id}/roster-confirmation` (参保名单确定，前往上传缴费凭证): what the
    /// unit pays is fixed and the batch comes back 待上传缴费凭证.
    pub async fn confirm_roster(self, batch: &BatchOut) -> Result<BatchOut, ApiError> {
        let call = Call::post(format!("/batches/{}/roster-confirmation", batch.id))
            .if_match(batch.version);
        self.0.json(call).await
    }
}
