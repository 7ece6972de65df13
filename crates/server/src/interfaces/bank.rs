//! 银行代扣: a withholding request is submitted once per idempotency key (a retry with the
//! same key is the same request: nobody is withheld twice) and answered asynchronously —
//! its per-person results are fetched when ready.

use serde::{Deserialize, Serialize};

use super::http::{url_escape, HttpInterface, InterfaceError};

/// One person to withhold from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankPerson {
    /// Our reference of the line (the roster entry), echoed in the result.
    #[serde(rename = "ref")]
    pub reference: String,
    /// ID number.
    pub id_number: String,
    /// Name.
    pub name: String,
}

/// A withholding request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankRequest {
    /// The same key again is the same request.
    pub idempotency_key: String,
    /// Amount per person, fen.
    pub amount_fen: i64,
    /// The people.
    pub people: Vec<BankPerson>,
    /// Where the bank POSTs a notice when the results are ready.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub callback_url: Option<String>,
}

/// The bank's receipt of a request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BankReceipt {
    /// The bank's id of the request.
    pub request_id: String,
    /// True when the key was seen before (a retry): nothing was withheld again.
    #[serde(default)]
    pub duplicate: bool,
}

/// One person's result.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct BankLine {
    /// Our reference.
    #[serde(rename = "ref")]
    pub reference: String,
    /// 代扣成功.
    pub success: bool,
    /// The bank's wording of a failure.
    #[serde(default)]
    pub reason: Option<String>,
    /// The same as a code.
    #[serde(default)]
    pub reason_code: Option<String>,
}

/// Where a request stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BankAnswer {
    /// Not withheld yet (before the pension day).
    Pending,
    /// Every person's result, in request order.
    Done(Vec<BankLine>),
}

/// The bank.
#[async_trait::async_trait]
pub trait Bank: Send + Sync {
    /// Submits `request` (idempotent by its key).
    async fn submit(&self, request: &BankRequest) -> Result<BankReceipt, InterfaceError>;
    /// The results of request `request_id`, once ready.
    async fn results(&self, request_id: &str) -> Result<BankAnswer, InterfaceError>;
}

/// The bank over HTTP (`POST /bank/withholdings`, `GET /bank/withholdings/{id}`).
pub struct HttpBank {
    http: HttpInterface,
}

impl HttpBank {
    /// A client.
    pub fn new(http: HttpInterface) -> Self {
        HttpBank { http }
    }
}

#[derive(Deserialize)]
struct StatusOut {
    status: String,
    #[serde(default)]
    results: Vec<BankLine>,
}

#[async_trait::async_trait]
impl Bank for HttpBank {
    async fn submit(&self, request: &BankRequest) -> Result<BankReceipt, InterfaceError> {
        let url = self.http.url("/bank/withholdings");
        let res = self.http.send(|c| c.post(&url).json(request)).await?;
        if !res.status().is_success() {
            return Err(InterfaceError::Rejected {
                interface: self.http.name(),
                status: res.status().as_u16(),
            });
        }
        self.http.json(res).await
    }

    async fn results(&self, request_id: &str) -> Result<BankAnswer, InterfaceError> {
        let url = self
            .http
            .url(&format!("/bank/withholdings/{}", url_escape(request_id)));
        let res = self.http.send(|c| c.get(&url)).await?;
        if !res.status().is_success() {
            // A request the bank does not know is an error, never "no result".
            return Err(InterfaceError::Rejected {
                interface: self.http.name(),
                status: res.status().as_u16(),
            });
        }
        let out: StatusOut = self.http.json(res).await?;
        Ok(match out.status.as_str() {
            "done" => BankAnswer::Done(out.results),
            _ => BankAnswer::Pending,
        })
    }
}
