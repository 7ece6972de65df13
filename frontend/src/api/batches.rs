//! Batches (参保批次): list, open, view, delete, the payment method and the withholding letter.

use api_types::{
    BatchIn, BatchKindKey, BatchOut, BatchQuery, Page, PaymentMethodIn, WithholdingLetterIn,
};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/batches`.
#[derive(Debug, Clone, Copy)]
pub struct BatchesApi(Api);

impl Api {
    /// Batches.
    pub fn batches(self) -> BatchesApi {
        BatchesApi(self)
    }
}

impl BatchesApi {
    /// `GET /api/batches`.
    pub async fn list(self, query: &BatchQuery) -> Result<Page<BatchOut>, ApiError> {
        self.0.json(Call::get("/batches").query(query)).await
    }

    /// `POST /api/batches`: opens a batch of the current plan year.
    pub async fn create(self, kind: BatchKindKey) -> Result<BatchOut, ApiError> {
        self.0
            .json(Call::post("/batches").json(&BatchIn { kind }))
            .await
    }

    /// `GET /api/batches/{id}`.
    pub async fn get(self, id: Uuid) -> Result<BatchOut, ApiError> {
        self.0.json(Call::get(format!("/batches/{id}"))).await
    }

    /// `DELETE /api/batches/{id}` (批次删除).
    pub async fn delete(self, batch: &BatchOut) -> Result<(), ApiError> {
        let call = Call::delete(format!("/batches/{}", batch.id)).if_match(batch.version);
        self.0.empty(call).await
    }

    /// `PUT /api/batches/{id}/payment-method`: once, never changed.
    pub async fn choose_payment_method(
        self,
        batch: &BatchOut,
        body: &PaymentMethodIn,
    ) -> Result<BatchOut, ApiError> {
        let call = Call::put(format!("/batches/{}/payment-method", batch.id))
            .if_match(batch.version)
            .json(body);
        self.0.json(call).await
    }

    /// `PUT /api/batches/{id}/withholding-letter`: replaces the stamped letter.
    pub async fn attach_letter(
        self,
        batch: &BatchOut,
        attachment_id: Uuid,
    ) -> Result<BatchOut, ApiError> {
        let call = Call::put(format!("/batches/{}/withholding-letter", batch.id))
            .if_match(batch.version)
            .json(&WithholdingLetterIn { attachment_id });
        self.0.json(call).await
    }
}
