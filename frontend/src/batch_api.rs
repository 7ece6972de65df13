//! Client of the batch, roster and plan-year endpoints: JSON calls with `If-Match`, the
//! roster upload with progress (XMLHttpRequest), and authenticated file downloads.

use api_types::{
    AttachmentPurpose, BatchIn, BatchKindKey, BatchOut, BatchQuery, CurrentPlanYearOut, ImportOut,
    Page, PaymentMethodIn, PersonAddedOut, PersonIn, PlanYearIn, PlanYearOut, RosterDeletionIn,
    RosterEntryOut, RosterPersonOut, RosterQuery, WithholdingLetterIn,
};
use gloo_net::http::{Request, RequestBuilder};
use uuid::Uuid;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::api::{url, use_api, Api, ApiError};
use crate::auth::{use_auth, Auth};

/// The client; cheap to copy. Get one with [`use_batch_api`].
#[derive(Debug, Clone, Copy)]
pub struct BatchApi {
    api: Api,
    auth: Auth,
}

/// The client bound to the app's auth state.
pub fn use_batch_api() -> BatchApi {
    BatchApi {
        api: use_api(),
        auth: use_auth(),
    }
}

fn enc(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

fn query(pairs: &[(&str, Option<String>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_ref()
                .filter(|v| !v.trim().is_empty())
                .map(|v| format!("{k}={}", enc(v.trim())))
        })
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// An error for a failure of the browser itself (no HTTP answer).
fn local_error(message: &str) -> ApiError {
    ApiError {
        status: 0,
        code: None,
        message: message.to_owned(),
        details: None,
    }
}

/// Reads an error body the way `api.rs` does, from an XMLHttpRequest answer.
fn error_from_text(status: u16, text: &str) -> ApiError {
    let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    let message = value
        .get("message")
        .and_then(serde_json::Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| match status {
            413 => "上传的文件过大".to_owned(),
            _ => format!("请求失败（HTTP {status}）"),
        });
    ApiError {
        status,
        code: value
            .get("code")
            .and_then(|c| serde_json::from_value(c.clone()).ok()),
        message,
        details: value.get("details").filter(|d| !d.is_null()).cloned(),
    }
}

fn if_match(builder: RequestBuilder, version: i32) -> RequestBuilder {
    builder.header("If-Match", &format!("\"{version}\""))
}

impl BatchApi {
    fn bearer(&self) -> String {
        format!("Bearer {}", self.auth.token().unwrap_or_default())
    }

    /// `GET /api/batches`.
    pub async fn list(&self, q: &BatchQuery) -> Result<Page<BatchOut>, ApiError> {
        let qs = query(&[
            ("batch_no", q.batch_no.clone()),
            ("unit_name", q.unit_name.clone()),
            ("status", q.status.clone()),
            ("page", q.page.map(|p| p.to_string())),
            ("page_size", q.page_size.map(|p| p.to_string())),
        ]);
        let b = Request::get(&url(&format!("/batches{qs}")));
        self.api.call(b, None::<&()>, true).await
    }

    /// `POST /api/batches`.
    pub async fn create(&self, kind: BatchKindKey) -> Result<BatchOut, ApiError> {
        let b = Request::post(&url("/batches"));
        self.api.call(b, Some(&BatchIn { kind }), true).await
    }

    /// `GET /api/batches/{id}`.
    pub async fn get(&self, id: &str) -> Result<BatchOut, ApiError> {
        let b = Request::get(&url(&format!("/batches/{}", enc(id))));
        self.api.call(b, None::<&()>, true).await
    }

    /// `DELETE /api/batches/{id}` (204).
    pub async fn delete(&self, batch: &BatchOut) -> Result<(), ApiError> {
        let req = if_match(
            Request::delete(&url(&format!("/batches/{}", batch.id))),
            batch.version,
        )
        .header("Authorization", &self.bearer())
        .build()
        .map_err(|_| local_error("请求无法发送"))?;
        let resp = req
            .send()
            .await
            .map_err(|_| local_error("无法连接服务器，请检查网络后重试"))?;
        if resp.ok() {
            Ok(())
        } else {
            Err(ApiError::from_response(&resp).await)
        }
    }

    /// `PUT /api/batches/{id}/payment-method`.
    pub async fn choose_method(
        &self,
        batch: &BatchOut,
        body: &PaymentMethodIn,
    ) -> Result<BatchOut, ApiError> {
        let path = format!("/batches/{}/payment-method", batch.id);
        let b = if_match(Request::put(&url(&path)), batch.version);
        self.api.call(b, Some(body), true).await
    }

    /// Uploads the stamped letter as an attachment, then attaches it to the batch.
    pub async fn upload_letter(
        &self,
        batch: &BatchOut,
        file: &web_sys::File,
    ) -> Result<BatchOut, ApiError> {
        let attachment = self
            .api
            .upload(AttachmentPurpose::WithholdingLetter, file)
            .await?;
        let path = format!("/batches/{}/withholding-letter", batch.id);
        let b = if_match(Request::put(&url(&path)), batch.version);
        self.api
            .call(
                b,
                Some(&WithholdingLetterIn {
                    attachment_id: attachment.id,
                }),
                true,
            )
            .await
    }

    /// `GET /api/plan-years/current`.
    pub async fn current_plan_year(&self) -> Result<CurrentPlanYearOut, ApiError> {
        let b = Request::get(&url("/plan-years/current"));
        self.api.call(b, None::<&()>, true).await
    }

    /// `GET /api/plan-years`.
    pub async fn plan_years(&self) -> Result<Vec<PlanYearOut>, ApiError> {
        let b = Request::get(&url("/plan-years"));
        self.api.call(b, None::<&()>, true).await
    }

    /// `PUT /api/plan-years/{year}`.
    pub async fn put_plan_year(
        &self,
        year: i32,
        version: i32,
        body: &PlanYearIn,
    ) -> Result<PlanYearOut, ApiError> {
        let b = if_match(Request::put(&url(&format!("/plan-years/{year}"))), version);
        self.api.call(b, Some(body), true).await
    }

    /// `GET /api/batches/{id}/roster`.
    pub async fn roster(
        &self,
        id: Uuid,
        q: &RosterQuery,
    ) -> Result<Page<RosterEntryOut>, ApiError> {
        let qs = query(&[
            ("name", q.name.clone()),
            ("id_number", q.id_number.clone()),
            ("status", q.status.clone()),
            ("page", q.page.map(|p| p.to_string())),
            ("page_size", q.page_size.map(|p| p.to_string())),
        ]);
        let b = Request::get(&url(&format!("/batches/{id}/roster{qs}")));
        self.api.call(b, None::<&()>, true).await
    }

    /// `POST /api/batches/{id}/roster`.
    pub async fn add_person(
        &self,
        batch: &BatchOut,
        body: &PersonIn,
    ) -> Result<PersonAddedOut, ApiError> {
        let path = format!("/batches/{}/roster", batch.id);
        let b = if_match(Request::post(&url(&path)), batch.version);
        self.api.call(b, Some(body), true).await
    }

    /// `GET /api/batches/{id}/roster/{entry}` (unmasked, audited).
    pub async fn view_person(&self, id: Uuid, entry: Uuid) -> Result<RosterPersonOut, ApiError> {
        let b = Request::get(&url(&format!("/batches/{id}/roster/{entry}")));
        self.api.call(b, None::<&()>, true).await
    }

    /// `DELETE /api/batches/{id}/roster/{entry}`.
    pub async fn delete_person(&self, batch: &BatchOut, entry: Uuid) -> Result<BatchOut, ApiError> {
        let path = format!("/batches/{}/roster/{entry}", batch.id);
        let b = if_match(Request::delete(&url(&path)), batch.version);
        self.api.call(b, None::<&()>, true).await
    }

    /// `POST /api/batches/{id}/roster/deletions`.
    pub async fn delete_people(
        &self,
        batch: &BatchOut,
        ids: Vec<Uuid>,
    ) -> Result<BatchOut, ApiError> {
        let path = format!("/batches/{}/roster/deletions", batch.id);
        let b = if_match(Request::post(&url(&path)), batch.version);
        self.api
            .call(b, Some(&RosterDeletionIn { ids }), true)
            .await
    }

    /// `DELETE /api/batches/{id}/roster`.
    pub async fn clear(&self, batch: &BatchOut) -> Result<BatchOut, ApiError> {
        let path = format!("/batches/{}/roster", batch.id);
        let b = if_match(Request::delete(&url(&path)), batch.version);
        self.api.call(b, None::<&()>, true).await
    }

    /// `POST /api/batches/{id}/roster/import` with upload progress (0–100).
    pub async fn import(
        &self,
        batch: &BatchOut,
        file: &web_sys::File,
        on_progress: impl Fn(f64) + 'static,
    ) -> Result<ImportOut, ApiError> {
        let failed = || local_error("上传失败，请检查网络后重试");
        let xhr = web_sys::XmlHttpRequest::new().map_err(|_| failed())?;
        let path = url(&format!("/batches/{}/roster/import", batch.id));
        xhr.open_with_async("POST", &path, true)
            .map_err(|_| failed())?;
        xhr.set_request_header("Authorization", &self.bearer())
            .and_then(|()| xhr.set_request_header("If-Match", &batch.version.to_string()))
            .and_then(|()| xhr.set_request_header("Content-Type", "application/octet-stream"))
            .map_err(|_| failed())?;
        let progress =
            Closure::<dyn Fn(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    on_progress(e.loaded() * 100.0 / e.total());
                }
            });
        if let Ok(upload) = xhr.upload() {
            upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
        }
        let done = js_sys::Promise::new(&mut |resolve, _reject| {
            let on_end = Closure::once_into_js(move || {
                let _ = resolve.call0(&JsValue::NULL);
            });
            xhr.set_onloadend(Some(on_end.unchecked_ref()));
        });
        xhr.send_with_opt_blob(Some(file)).map_err(|_| failed())?;
        wasm_bindgen_futures::JsFuture::from(done)
            .await
            .map_err(|_| failed())?;
        drop(progress);
        let status = xhr.status().unwrap_or(0);
        let text = xhr.response_text().ok().flatten().unwrap_or_default();
        match status {
            0 => Err(failed()),
            200..=299 => {
                serde_json::from_str(&text).map_err(|_| local_error("服务器返回了无法识别的数据"))
            }
            _ => {
                let err = error_from_text(status, &text);
                if status == 401 {
                    self.auth.expire();
                }
                Err(err)
            }
        }
    }

    /// Downloads a file the API answers (GET, or POST of `body`), saving it as `name`.
    pub async fn download(
        &self,
        path: &str,
        body: Option<&web_sys::File>,
        name: &str,
    ) -> Result<(), ApiError> {
        let builder = match body {
            Some(_) => Request::post(&url(path)),
            None => Request::get(&url(path)),
        }
        .header("Authorization", &self.bearer());
        let req = match body {
            Some(file) => builder.body(JsValue::from(file.clone())),
            None => builder.build(),
        }
        .map_err(|_| local_error("请求无法发送"))?;
        let resp = req
            .send()
            .await
            .map_err(|_| local_error("无法连接服务器，请检查网络后重试"))?;
        if !resp.ok() {
            return Err(ApiError::from_response(&resp).await);
        }
        let bytes = resp.binary().await.map_err(|_| local_error("下载失败"))?;
        crate::api::save_bytes(&bytes, name).map_err(|_| local_error("浏览器无法保存文件"))
    }
}
