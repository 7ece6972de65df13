//! Viewing an attachment in the page (查看): images in an `<img>`, PDFs in an `<iframe>`.
//!
//! `GET /api/attachments/{id}` needs the bearer token, which an `<img src>` or `<iframe src>`
//! cannot send: the bytes are fetched through the API client and shown from an object URL,
//! revoked when the viewer closes.

use std::sync::{Arc, Mutex};

use api_types::AttachmentOut;
use leptos::prelude::*;

use crate::api::files::save_bytes;
use crate::api::{use_api, ApiError};

/// How the browser can show a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Image,
    Pdf,
    /// Only as a download.
    Other,
}

fn shown_as(content_type: &str) -> Shown {
    match content_type {
        t if t.starts_with("image/") => Shown::Image,
        "application/pdf" => Shown::Pdf,
        _ => Shown::Other,
    }
}

/// An object URL of `bytes` typed `content_type`.
fn object_url(bytes: &[u8], content_type: &str) -> Result<String, ApiError> {
    let refused = |_| ApiError::local("浏览器无法显示该文件，请下载后查看");
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(content_type);
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(refused)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(refused)
}

/// The file of `file` in a dialog, with 下载 and 关闭.
#[component]
pub fn AttachmentViewer(file: AttachmentOut, on_close: Callback<()>) -> impl IntoView {
    let api = use_api();
    let id = file.id;
    let content_type = file.content_type.clone();
    // Shared with the cleanup (which must be Send): the URL to revoke.
    let made = Arc::new(Mutex::new(None::<String>));
    let for_cleanup = Arc::clone(&made);
    on_cleanup(move || {
        if let Some(url) = for_cleanup.lock().ok().and_then(|mut u| u.take()) {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
    });
    let bytes = LocalResource::new(move || async move { api.attachments().download(id).await });
    let url = Memo::new(move |_| {
        bytes.with(|b| match b {
            Some(Ok(bytes)) => {
                let url = object_url(bytes, &content_type);
                if let (Ok(u), Ok(mut slot)) = (&url, made.lock()) {
                    if let Some(old) = slot.replace(u.clone()) {
                        let _ = web_sys::Url::revoke_object_url(&old);
                    }
                }
                Some(url)
            }
            Some(Err(e)) => Some(Err(e.clone())),
            None => None,
        })
    });
    let kind = shown_as(&file.content_type);
    let name = file.file_name.clone();
    let alt = file.file_name.clone();
    let download_error = RwSignal::new(None::<String>);
    let download = move |_| {
        let saved = bytes.with(|b| match b {
            Some(Ok(bytes)) => save_bytes(bytes, &name),
            _ => Err(ApiError::local("文件尚未加载完成，请稍后再试")),
        });
        download_error.set(saved.err().map(|e| e.message));
    };

    view! {
        <div class="modal-backdrop viewer-backdrop">
            <div class="modal modal-wide" data-test="attachment-viewer" data-file=file.file_name.clone()>
                <h3>{file.file_name.clone()}</h3>
                <div class="viewer">
                    {move || match url.get() {
                        None => view! { <p class="field-help" data-test="viewer-loading">"加载中…"</p> }.into_any(),
                        Some(Err(e)) => view! { <div class="alert alert-error" role="alert" data-test="viewer-error">{e.message}</div> }.into_any(),
                        Some(Ok(src)) => match kind {
                            Shown::Image => view! { <img class="viewer-image" data-test="viewer-image" src=src alt=alt.clone() /> }.into_any(),
                            Shown::Pdf => view! { <iframe class="viewer-pdf" data-test="viewer-pdf" src=src title=alt.clone()></iframe> }.into_any(),
                            Shown::Other => view! { <p class="field-help" data-test="viewer-other">"该文件无法在页面中显示，请下载后查看。"</p> }.into_any(),
                        },
                    }}
                </div>
                {move || download_error.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
                <div class="modal-actions">
                    <button type="button" class="btn" data-test="viewer-download" on:click=download>"下载"</button>
                    <button type="button" class="btn btn-primary" data-test="viewer-close" on:click=move |_| on_close.run(())>"关闭"</button>
                </div>
            </div>
        </div>
    }
}

/// The file being viewed on a page, if any, and its viewer; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct Viewing(RwSignal<Option<AttachmentOut>>);

impl Viewing {
    /// Nothing open.
    pub fn new() -> Self {
        Viewing(RwSignal::new(None))
    }

    /// Opens `file`.
    pub fn open(&self, file: AttachmentOut) {
        self.0.set(Some(file));
    }
}

impl Default for Viewing {
    fn default() -> Self {
        Viewing::new()
    }
}

/// The viewer of a [`Viewing`], mounted once per page.
#[component]
pub fn ViewerHost(viewing: Viewing) -> impl IntoView {
    move || {
        viewing.0.get().map(|file| {
            view! { <AttachmentViewer file=file on_close=Callback::new(move |_| viewing.0.set(None)) /> }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_and_pdfs_show_in_the_page() {
        assert_eq!(shown_as("image/png"), Shown::Image);
        assert_eq!(shown_as("image/jpeg"), Shown::Image);
        assert_eq!(shown_as("application/pdf"), Shown::Pdf);
        assert_eq!(shown_as("application/zip"), Shown::Other);
    }
}
