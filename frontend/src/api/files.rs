//! Handing downloaded bytes to the browser, and the public templates.

use super::{Api, ApiError, Call};

/// The template files anyone may download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// 参保名单导入模板.
    Roster,
    /// 委托代扣款申请书样稿.
    WithholdingLetter,
}

impl Template {
    /// The file name the download is saved as.
    pub fn file_name(self) -> &'static str {
        match self {
            Template::Roster => "参保名单导入模板.xlsx",
            Template::WithholdingLetter => "委托代扣款申请书.xlsx",
        }
    }

    fn path(self) -> &'static str {
        match self {
            Template::Roster => "/templates/roster",
            Template::WithholdingLetter => "/templates/withholding-letter",
        }
    }
}

/// Downloads of files.
#[derive(Debug, Clone, Copy)]
pub struct FilesApi(Api);

impl Api {
    /// Templates and saving downloads.
    pub fn files(self) -> FilesApi {
        FilesApi(self)
    }
}

impl FilesApi {
    /// Downloads a template and saves it.
    pub async fn template(self, template: Template) -> Result<(), ApiError> {
        let bytes = self.0.bytes(Call::get(template.path()).public()).await?;
        save_bytes(&bytes, template.file_name())
    }
}

/// Hands bytes to the browser as a download named `name`.
pub fn save_bytes(bytes: &[u8], name: &str) -> Result<(), ApiError> {
    use wasm_bindgen::JsCast;
    let refused = |_| ApiError::local("浏览器无法保存文件");
    let array = js_sys::Array::new();
    array.push(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&array).map_err(refused)?;
    let href = web_sys::Url::create_object_url_with_blob(&blob).map_err(refused)?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| ApiError::local("浏览器无法保存文件"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(refused)?
        .dyn_into()
        .map_err(|_| ApiError::local("浏览器无法保存文件"))?;
    a.set_href(&href);
    a.set_download(name);
    // Not revoked at once: the download may still be reading it.
    a.click();
    Ok(())
}
