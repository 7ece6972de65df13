//! 代扣受理单: the acceptance slip a unit downloads and prints once the association has
//! accepted its withholding application — an A4 PDF made with krilla (a maintained PDF
//! writer that shapes text and embeds only the glyphs used), in a Chinese font read from
//! `withholding.slip_font`.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use domain::Fen;
use krilla::geom::{PathBuilder, Point};
use krilla::page::PageSettings;
use krilla::paint::Stroke;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::view;
use crate::actor::Actor;
use crate::audit;
use crate::batches::access::{readable, unit_of};
use crate::entities::{batch, unit, withholding};
use crate::error::{ServiceError, ServiceResult};
use crate::time::shanghai;

/// The font file last loaded, kept for the next slips (a CJK font is several MB).
static FONT: Mutex<Option<(PathBuf, Font)>> = Mutex::new(None);

fn font(path: &Path) -> ServiceResult<Font> {
    let unavailable = |cause: String| ServiceError::Unavailable {
        message: "暂时无法生成代扣受理单（服务器缺少中文字体），请联系职保会".into(),
        cause,
    };
    let mut cached = FONT
        .lock()
        .map_err(|_| ServiceError::internal("slip font cache poisoned"))?;
    if let Some((p, f)) = cached.as_ref() {
        if p == path {
            return Ok(f.clone());
        }
    }
    let bytes = std::fs::read(path).map_err(|e| unavailable(format!("{}: {e}", path.display())))?;
    let f = Font::new(bytes.into(), 0)
        .ok_or_else(|| unavailable(format!("{} is not a usable font", path.display())))?;
    *cached = Some((path.to_path_buf(), f.clone()));
    Ok(f)
}

/// What the slip says.
pub struct SlipFacts {
    /// 单位名称.
    pub unit_name: String,
    /// 参保编码.
    pub enrollment_code: String,
    /// 批次号.
    pub batch_no: String,
    /// 保障年度.
    pub plan_year: i32,
    /// 代扣人数.
    pub people: u32,
    /// 代扣金额 per person.
    pub amount: Fen,
    /// When submitted.
    pub submitted_at: DateTime<Utc>,
    /// When accepted.
    pub accepted_at: DateTime<Utc>,
    /// Accepted by a reviewer (not automatically).
    pub accepted_by_reviewer: bool,
    /// 校验码.
    pub code: String,
}

fn time(at: DateTime<Utc>) -> String {
    shanghai(at).format("%Y年%m月%d日 %H:%M").to_string()
}

/// The slip as PDF bytes.
pub fn render(font_path: &Path, f: &SlipFacts) -> ServiceResult<Vec<u8>> {
    let font = font(font_path)?;
    let total = f
        .amount
        .checked_mul(i64::from(f.people))
        .ok_or_else(|| ServiceError::internal("slip total overflows"))?;
    let rows: Vec<(&str, String)> = vec![
        ("单位名称", f.unit_name.clone()),
        ("参保编码", f.enrollment_code.clone()),
        ("批次号", f.batch_no.clone()),
        ("保障年度", format!("{}年度", f.plan_year)),
        ("代扣人数", format!("{}人", f.people)),
        ("代扣金额", format!("{}元/人", f.amount.yuan_compact())),
        ("代扣总额", format!("{}元", total.yuan_compact())),
        ("申请提交时间", time(f.submitted_at)),
        ("受理时间", time(f.accepted_at)),
        (
            "受理方式",
            if f.accepted_by_reviewer {
                "职保会审核员受理".into()
            } else {
                "提交1个工作日后自动受理".into()
            },
        ),
        ("校验码", f.code.clone()),
    ];
    let mut document = Document::new();
    let settings = PageSettings::from_wh(595.0, 842.0)
        .ok_or_else(|| ServiceError::internal("A4 page size"))?;
    let mut page = document.start_page_with(settings);
    let mut surface = page.surface();
    let text = |s: &mut krilla::surface::Surface, x: f32, y: f32, size: f32, t: &str| {
        s.draw_text(
            Point::from_xy(x, y),
            font.clone(),
            size,
            t,
            false,
            TextDirection::Auto,
        );
    };
    text(
        &mut surface,
        150.0,
        90.0,
        20.0,
        "退休住院计划 委托代扣受理单",
    );
    text(
        &mut surface,
        170.0,
        118.0,
        11.0,
        "上海市职工保障互助会 · 单位团体线上参保",
    );
    let rule = |s: &mut krilla::surface::Surface, y: f32| {
        let mut pb = PathBuilder::new();
        pb.move_to(60.0, y);
        pb.line_to(535.0, y);
        if let Some(path) = pb.finish() {
            s.set_stroke(Some(Stroke {
                width: 0.6,
                ..Stroke::default()
            }));
            s.draw_path(&path);
            s.set_stroke(None);
        }
    };
    rule(&mut surface, 135.0);
    let mut y = 170.0;
    for (label, value) in &rows {
        text(&mut surface, 70.0, y, 12.0, label);
        text(&mut surface, 190.0, y, 12.0, value);
        y += 30.0;
    }
    rule(&mut surface, y - 12.0);
    let notes = [
        "本单位委托代扣申请已由上海市职工保障互助会受理，银行将于养老金发放日代扣。",
        "代扣结果请留意经办人邮箱，代扣完成后请尽快确认参保名单并上传缴费凭证。",
        "本受理单由系统生成，可凭校验码向职保会核验。",
    ];
    for note in notes {
        y += 22.0;
        text(&mut surface, 70.0, y, 10.5, note);
    }
    surface.finish();
    page.finish();
    document
        .finish()
        .map_err(|e| ServiceError::internal(format!("slip PDF: {e:?}")))
}

/// `GET …/withholding/slip`: the slip of an accepted application (the unit's own, or any
/// for reviewers); audited.
pub async fn download(
    db: &impl ConnectionTrait,
    font_path: &Path,
    actor: &Actor,
    batch_id: Uuid,
    now: DateTime<Utc>,
) -> ServiceResult<(batch::Model, Vec<u8>)> {
    let b = readable(db, actor, batch_id).await?;
    let w: withholding::Model = view::find(db, b.id)
        .await?
        .ok_or(ServiceError::NotFound("代扣申请"))?;
    let Some(accepted_at) = w.accepted_at else {
        return Err(ServiceError::conflict(
            "代扣申请尚未受理：提交1个工作日后可下载代扣受理单",
        ));
    };
    let u: unit::Model = unit_of(db, &b).await?;
    let facts = SlipFacts {
        unit_name: u.name,
        enrollment_code: u.enrollment_code.unwrap_or_default(),
        batch_no: b.batch_no.clone(),
        plan_year: b.plan_year,
        people: u32::try_from(w.people).unwrap_or(0),
        amount: Fen::new(w.amount_fen),
        submitted_at: w.submitted_at,
        accepted_at,
        accepted_by_reviewer: w.accepted_by.is_some(),
        code: w.slip_code.clone(),
    };
    let pdf = render(font_path, &facts)?;
    audit::entry(Some(actor), "batch.withholding_slip_downloaded")
        .target("batch", b.id)
        .write(db, now)
        .await?;
    Ok((b, pdf))
}
