//! Applications a unit makes to the association — 参保编码申请 and 修改单位名称 — as one
//! workflow with two kinds: 申请中 → 审核通过, or 审核不通过 → edit and resubmit.

mod applicant;
pub mod kinds;
pub mod routes;
pub mod service;
pub mod view;
