//! Social security (社保) and pension withholding (养老金代扣) over HTTP: one person's
//! record (社保姓名, 职退情况, 退休年月, 社保编号), the head count of a social-security unit
//! (社保人数), and whether a pension can be withheld (可代扣). Batch endpoints (up to 100
//! people a call) are used when enabled; a service without them answers 404 and the
//! client falls back to single calls.

use std::sync::atomic::{AtomicBool, Ordering};

use futures_util::future::{BoxFuture, FutureExt};
use futures_util::stream::{self, StreamExt};
use serde::{Deserialize, Serialize};

use super::http::url_escape;
use super::{HttpInterface, InterfaceError};

/// Most people in one batch call the interface takes.
pub const BATCH_MAX: usize = 100;

/// People in one batch call made: a task's people go out in calls of this size side by side
/// (the interface's concurrency and rate permits bound them), so one task keeps several
/// calls in flight instead of one after another.
pub const CALL_SIZE: usize = 50;
const _: () = assert!(CALL_SIZE <= BATCH_MAX);

/// The answers of `items` asked in calls of `CALL_SIZE` at once, in order; `None` when the
/// service has no batch endpoint (a call answered 404).
async fn in_calls<T>(
    calls: Vec<BoxFuture<'_, Result<Option<Vec<T>>, InterfaceError>>>,
    len: usize,
) -> Result<Option<Vec<T>>, InterfaceError> {
    let n = calls.len().max(1);
    let answers: Vec<_> = stream::iter(calls).buffered(n).collect().await;
    let mut out = Vec::with_capacity(len);
    for answer in answers {
        match answer? {
            Some(part) => out.extend(part),
            None => return Ok(None),
        }
    }
    Ok(Some(out))
}

/// Who is asked about: the ID, and the hints a real interface would take (the imported
/// name, the unit).
#[derive(Debug, Clone, Serialize)]
pub struct PersonQuery {
    /// 证件号码.
    pub id_number: String,
    /// The name the platform imported.
    pub name: String,
    /// The unit's enrollment code.
    pub unit: String,
}

/// A person's social-security record as the interface answers it (values unchecked: the
/// domain classifies them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// 社保姓名.
    pub name: String,
    /// 职退情况: `retired`, `active`, `deceased`, `unknown`.
    pub status: String,
    /// 退休年月 as answered (`YYYY-MM`, empty, or garbage).
    #[serde(default)]
    pub retirement_month: String,
    /// 社保编号.
    #[serde(default)]
    pub ss_code: Option<String>,
    /// The unit name on that code.
    #[serde(default)]
    pub ss_unit_name: Option<String>,
    /// 医保情况: `insured` / `not_insured`.
    #[serde(default)]
    pub medical_insurance: Option<String>,
}

/// A social-security unit (社保单位).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsUnit {
    /// 社保编号.
    pub ss_code: String,
    /// Its name.
    pub unit_name: String,
    /// 社保人数: retirees on the code.
    pub retiree_count: u32,
}

/// The social-security interfaces.
#[async_trait::async_trait]
pub trait SocialSecurity: Send + Sync {
    /// Each person's record (`None`: no record), in the order asked.
    async fn persons(
        &self,
        people: &[PersonQuery],
    ) -> Result<Vec<Option<PersonRecord>>, InterfaceError>;
    /// A unit's head count (`None`: no such unit).
    async fn unit(&self, ss_code: &str) -> Result<Option<SsUnit>, InterfaceError>;
}

/// The pension withholding interface.
#[async_trait::async_trait]
pub trait Pension: Send + Sync {
    /// Whether each person's pension can be withheld, in the order asked.
    async fn withholdable(&self, id_numbers: &[String]) -> Result<Vec<bool>, InterfaceError>;
}

/// One answer of the persons endpoints: a record, or `found: false`.
#[derive(Deserialize)]
struct PersonAnswer {
    #[serde(default)]
    found: bool,
    name: Option<String>,
    status: Option<String>,
    #[serde(default)]
    retirement_month: Option<String>,
    ss_code: Option<String>,
    ss_unit_name: Option<String>,
    medical_insurance: Option<String>,
}

impl PersonAnswer {
    /// The record; a found person without a name or status is an unreadable answer.
    fn into_record(self, interface: &'static str) -> Result<Option<PersonRecord>, InterfaceError> {
        if !self.found {
            return Ok(None);
        }
        let (Some(name), Some(status)) = (self.name, self.status) else {
            return Err(InterfaceError::Unreadable {
                interface,
                cause: "a found person without name or status".into(),
            });
        };
        Ok(Some(PersonRecord {
            name,
            status,
            retirement_month: self.retirement_month.unwrap_or_default(),
            ss_code: self.ss_code,
            ss_unit_name: self.ss_unit_name,
            medical_insurance: self.medical_insurance,
        }))
    }
}

#[derive(Deserialize)]
struct BatchAnswer<T> {
    results: Vec<T>,
}

#[derive(Deserialize)]
struct PensionAnswer {
    withholdable: bool,
}

/// The body of an interface's own error answer.
#[derive(Deserialize)]
struct ErrorAnswer {
    error: String,
}

/// Reads a 404: the interface's own "no such record" carries `{"error": code}`; any other
/// 404 (an empty body from a route that does not exist: a wrong base URL, a missing
/// endpoint) answers nothing about anybody and must not classify them.
async fn not_found(
    http: &HttpInterface,
    res: reqwest::Response,
    code: &str,
) -> Result<(), InterfaceError> {
    match res.json::<ErrorAnswer>().await {
        Ok(answer) if answer.error == code => Ok(()),
        _ => Err(InterfaceError::Rejected {
            interface: http.name(),
            status: reqwest::StatusCode::NOT_FOUND.as_u16(),
        }),
    }
}

/// Whether a batch endpoint exists: on until the service answers 404 once.
struct BatchSwitch(AtomicBool);

impl BatchSwitch {
    fn on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn off(&self) {
        self.0.store(false, Ordering::Relaxed);
    }
}

/// The social-security interfaces over HTTP.
pub struct HttpSocialSecurity {
    persons: HttpInterface,
    units: HttpInterface,
    batch: BatchSwitch,
    concurrency: usize,
}

impl HttpSocialSecurity {
    /// Clients of the persons and units endpoints; `use_batch` tries the batch endpoint.
    pub fn new(persons: HttpInterface, units: HttpInterface, use_batch: bool) -> Self {
        let concurrency = persons.concurrency();
        HttpSocialSecurity {
            persons,
            units,
            batch: BatchSwitch(AtomicBool::new(use_batch)),
            concurrency,
        }
    }

    async fn one(&self, q: &PersonQuery) -> Result<Option<PersonRecord>, InterfaceError> {
        let url = self.persons.url(&format!(
            "/social-security/persons/{}",
            url_escape(&q.id_number)
        ));
        let res = self
            .persons
            .send(|c| {
                c.get(&url)
                    .query(&[("name", q.name.as_str()), ("unit", q.unit.as_str())])
            })
            .await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            not_found(&self.persons, res, "no_record").await?;
            return Ok(None);
        }
        let answer: PersonAnswer = self.persons.json(res).await?;
        answer.into_record(self.persons.name())
    }

    async fn chunk(
        &self,
        people: &[PersonQuery],
    ) -> Result<Option<Vec<Option<PersonRecord>>>, InterfaceError> {
        let url = self.persons.url("/social-security/persons:batch");
        let body = serde_json::json!({ "items": people });
        let res = self.persons.send(|c| c.post(&url).json(&body)).await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let answer: BatchAnswer<PersonAnswer> = self.persons.json(res).await?;
        if answer.results.len() != people.len() {
            return Err(InterfaceError::Unreadable {
                interface: self.persons.name(),
                cause: format!(
                    "{} results for {} people",
                    answer.results.len(),
                    people.len()
                ),
            });
        }
        let name = self.persons.name();
        answer
            .results
            .into_iter()
            .map(|a| a.into_record(name))
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }
}

#[async_trait::async_trait]
impl SocialSecurity for HttpSocialSecurity {
    async fn persons(
        &self,
        people: &[PersonQuery],
    ) -> Result<Vec<Option<PersonRecord>>, InterfaceError> {
        if self.batch.on() {
            let calls = people
                .chunks(CALL_SIZE)
                .map(|c| self.chunk(c).boxed())
                .collect();
            match in_calls(calls, people.len()).await? {
                Some(records) => return Ok(records),
                None => self.batch.off(),
            }
        }
        // Boxed first: a closure returning the borrowing future trips the compiler's
        // `Send` inference inside an async trait method.
        let calls: Vec<BoxFuture<'_, _>> = people.iter().map(|q| self.one(q).boxed()).collect();
        stream::iter(calls)
            .buffered(self.concurrency.max(1))
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect()
    }

    async fn unit(&self, ss_code: &str) -> Result<Option<SsUnit>, InterfaceError> {
        let url = self
            .units
            .url(&format!("/social-security/units/{}", url_escape(ss_code)));
        let res = self.units.send(|c| c.get(&url)).await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            not_found(&self.units, res, "no_unit").await?;
            return Ok(None);
        }
        Ok(Some(self.units.json(res).await?))
    }
}

/// The pension withholding interface over HTTP.
pub struct HttpPension {
    http: HttpInterface,
    batch: BatchSwitch,
}

impl HttpPension {
    /// A client; `use_batch` tries the batch endpoint.
    pub fn new(http: HttpInterface, use_batch: bool) -> Self {
        HttpPension {
            http,
            batch: BatchSwitch(AtomicBool::new(use_batch)),
        }
    }

    async fn one(&self, id: &str) -> Result<bool, InterfaceError> {
        let url = self
            .http
            .url(&format!("/pension/withholding/{}", url_escape(id)));
        // The interface has no 404 of its own (no record is `withholdable: false`): a 404
        // is a route that does not exist, never 不可代扣.
        let res = self.http.send(|c| c.get(&url)).await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(InterfaceError::Rejected {
                interface: self.http.name(),
                status: reqwest::StatusCode::NOT_FOUND.as_u16(),
            });
        }
        let answer: PensionAnswer = self.http.json(res).await?;
        Ok(answer.withholdable)
    }

    async fn chunk(&self, ids: &[String]) -> Result<Option<Vec<bool>>, InterfaceError> {
        let url = self.http.url("/pension/withholding:batch");
        let items: Vec<serde_json::Value> = ids
            .iter()
            .map(|id| serde_json::json!({ "id_number": id }))
            .collect();
        let body = serde_json::json!({ "items": items });
        let res = self.http.send(|c| c.post(&url).json(&body)).await?;
        if res.status() == reqwest::StatusCode::NOT_FOUND {
            return Ok(None);
        }
        let answer: BatchAnswer<PensionAnswer> = self.http.json(res).await?;
        if answer.results.len() != ids.len() {
            return Err(InterfaceError::Unreadable {
                interface: self.http.name(),
                cause: format!("{} results for {} people", answer.results.len(), ids.len()),
            });
        }
        Ok(Some(
            answer.results.into_iter().map(|a| a.withholdable).collect(),
        ))
    }
}

#[async_trait::async_trait]
impl Pension for HttpPension {
    async fn withholdable(&self, id_numbers: &[String]) -> Result<Vec<bool>, InterfaceError> {
        if self.batch.on() {
            let calls = id_numbers
                .chunks(CALL_SIZE)
                .map(|c| self.chunk(c).boxed())
                .collect();
            match in_calls(calls, id_numbers.len()).await? {
                Some(answers) => return Ok(answers),
                None => self.batch.off(),
            }
        }
        let concurrency = self.http.concurrency().max(1);
        let calls: Vec<BoxFuture<'_, _>> =
            id_numbers.iter().map(|id| self.one(id).boxed()).collect();
        stream::iter(calls)
            .buffered(concurrency)
            .collect::<Vec<_>>()
            .await
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(url_escape("31011519500315001X"), "31011519500315001X");
        assert_eq!(url_escape("../admin"), "%2E%2E%2Fadmin");
        assert_eq!(url_escape("a b?c"), "a%20b%3Fc");
    }
}
