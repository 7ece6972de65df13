//! The authorization walk of batches, rosters (with verification and step ⑤ under a batch)
//! and plan years, like `units_authz` for units and applications: every endpoint with the
//! wrong role, another unit's operator and no token. Another unit must not list, import,
//! add, clear or export a roster (the export holds full ID numbers) nor learn the batch
//! exists; reviewers read but never act as the unit; admins read; nobody anonymous gets in
//! except to the two templates. Refused calls change nothing; the reads the matrix allows
//! answer 200.

use api_types::{BatchOut, ErrorCode, PlanYearOut, RatiosOut, ReviewOut};
use reqwest::Method;
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::{json, Value};
use server::entities::audit_log;

use crate::app::{Client, TestApp};
use crate::assertions::{assert_error, assert_json};
use crate::fixtures::{resident_id, valid_rows, workbook};

/// People of the walk's batch (seq numbers of their own).
const FROM: u32 = 611;
const CODE: &str = "C100000611";

/// What one caller gets from one call.
#[derive(Clone, Copy, Debug)]
enum Expect {
    /// 200 (a read the role may make).
    Ok,
    /// 403 `forbidden`.
    Forbidden,
    /// 404 `not_found` (another unit's record does not exist for it).
    NotFound,
    /// Not called: a change the role may make (the feature tests cover it).
    Allowed,
}
use Expect::{Allowed, Forbidden, NotFound, Ok as Read};

/// A request body.
#[derive(Clone)]
enum Body {
    None,
    Json(Value),
    Xlsx(Vec<u8>),
}

/// One endpoint: method, path, body, whether it sends `If-Match`, and what another unit's
/// operator, a reviewer and an admin get.
struct Case {
    method: Method,
    path: String,
    body: Body,
    versioned: bool,
    expect: [Expect; 3],
}

fn case(method: Method, path: &str, body: Body, versioned: bool, expect: [Expect; 3]) -> Case {
    Case {
        method,
        path: path.to_owned(),
        body,
        versioned,
        expect,
    }
}

async fn call(client: &Client, c: &Case, version: i32) -> reqwest::Response {
    let mut req = client.request(c.method.clone(), &c.path);
    if c.versioned {
        req = req.header("If-Match", format!("\"{version}\""));
    }
    req = match &c.body {
        Body::None => req,
        Body::Json(v) => req.json(v),
        Body::Xlsx(bytes) => req
            .header("Content-Type", "application/octet-stream")
            .body(bytes.clone()),
    };
    req.send().await.expect("the request reaches the app")
}

/// Pins the simulator: the walk's people are retired on [`CODE`], which has exactly them,
/// so the batch verifies clean and may be submitted.
async fn pin_people(app: &TestApp, people: u32) {
    let base = app.state().settings.simulator_url.clone();
    let http = reqwest::Client::new();
    let put = |path: String, body: Value| {
        let req = http.put(format!("{base}{path}")).json(&body);
        async move {
            let res = req.send().await.expect("the simulator answers");
            assert!(res.status().is_success(), "{}", res.status());
        }
    };
    for seq in FROM..FROM + people {
        let pin = json!({ "ss_code": CODE, "retirement_month": "2010-05" });
        put(
            format!("/admin/social-security/persons/{}", resident_id(seq)),
            pin,
        )
        .await;
    }
    let unit = json!({ "retiree_count": people, "unit_name": "社保单位授权测试" });
    put(format!("/admin/social-security/units/{CODE}"), unit).await;
}

/// Unit A's batch, verified, with a material, submitted to review: every sub-resource of a
/// batch exists (roster people, a material, a review). Answers it and its review.
async fn submitted_batch(app: &TestApp, unit: &Client) -> (BatchOut, ReviewOut) {
    pin_people(app, 2).await;
    let b = unit.batches().create_voucher_batch().await;
    let imported = unit.roster(&b).import(workbook(&valid_rows(FROM, 2))).await;
    let started = unit.verification(&imported.batch).start().await;
    for _ in 0..20 {
        if app.run_pending_tasks().await == 0 {
            break;
        }
    }
    let verified = unit.batches().fetch(started.id).await;
    assert_eq!(verified.status, "verified");
    let material = unit.attachments().upload_pdf("ratio_material").await;
    let res = unit
        .review(&verified)
        .add_material(Some(CODE), material)
        .await;
    let prepared: RatiosOut = assert_json(res, 200).await;
    let res = unit.review(&prepared.batch).submit().await;
    let submitted: RatiosOut = assert_json(res, 200).await;
    let review = unit.review(&submitted.batch).history().await.remove(0);
    (submitted.batch, review)
}

#[tokio::test]
async fn batches_rosters_and_plan_years_refuse_the_wrong_role_another_unit_and_anonymous_callers() {
    let app = TestApp::with_simulator().await;
    app.travel("2026-11-30T10:00:00").await;
    let unit_a = app.unit("tuixiu300000611").await;
    let unit_b = app.unit("tuixiu300000612").await;
    let reviewer = app.reviewer("shenhe611").await;
    let admin = app.admin("admin611").await;
    let (b, review) = submitted_batch(&app, &unit_a).await;
    let people = unit_a.roster(&b).list("").await;
    let entry = people.items[0].id;
    let material = unit_a.attachments().upload_pdf("ratio_material").await;
    let letter = unit_a.attachments().upload_pdf("withholding_letter").await;
    let current: Value = assert_json(unit_a.get("/api/plan-years/current").await, 200).await;
    let plan: PlanYearOut = serde_json::from_value(current["plan_year"].clone()).unwrap();

    let batch = format!("/api/batches/{}", b.id);
    let roster = format!("{batch}/roster");
    let person = format!("{roster}/{entry}");
    let new_person = json!({
        "name": "外单位", "doc_type": "resident_id", "id_number": resident_id(699), "mobile": "13312340699"
    });
    let plan_body = serde_json::to_value(&plan).unwrap();
    let plan_path = format!("/api/plan-years/{}", plan.year);
    let xlsx = || Body::Xlsx(workbook(&valid_rows(690, 2)));
    let j = Body::Json;
    let none = || Body::None;
    let (g, p, u, d) = (Method::GET, Method::POST, Method::PUT, Method::DELETE);
    // What another unit's operator, a reviewer and an admin get; one endpoint a line.
    #[rustfmt::skip]
    let cases = vec![
        // 参保批次
        case(g.clone(), "/api/batches", none(), false, [Read, Read, Read]),
        case(p.clone(), "/api/batches", j(json!({"kind": "instant"})), false, [Allowed, Forbidden, Forbidden]),
        case(g.clone(), &batch, none(), false, [NotFound, Read, Read]),
        case(d.clone(), &batch, none(), true, [NotFound, Forbidden, Forbidden]),
        case(u.clone(), &format!("{batch}/payment-method"), j(json!({"method": "voucher"})), true, [NotFound, Forbidden, Forbidden]),
        case(u.clone(), &format!("{batch}/withholding-letter"), j(json!({"attachment_id": letter})), true, [NotFound, Forbidden, Forbidden]),
        // 参保名单
        case(g.clone(), &roster, none(), false, [NotFound, Read, Read]),
        case(g.clone(), &format!("{roster}?id_number={}", resident_id(FROM)), none(), false, [NotFound, Read, Read]),
        case(p.clone(), &format!("{roster}/import"), xlsx(), true, [NotFound, Forbidden, Forbidden]),
        case(p.clone(), &format!("{roster}/error-report"), xlsx(), false, [NotFound, Read, Read]),
        case(g.clone(), &format!("{roster}/export"), none(), false, [NotFound, Read, Read]),
        case(p.clone(), &roster, j(new_person), true, [NotFound, Forbidden, Forbidden]),
        case(d.clone(), &roster, none(), true, [NotFound, Forbidden, Forbidden]),
        case(p.clone(), &format!("{roster}/deletions"), j(json!({"ids": [entry]})), true, [NotFound, Forbidden, Forbidden]),
        case(g.clone(), &person, none(), false, [NotFound, Read, Read]),
        case(d.clone(), &person, none(), true, [NotFound, Forbidden, Forbidden]),
        // 系统校验
        case(p.clone(), &format!("{batch}/verification"), none(), true, [NotFound, Forbidden, Forbidden]),
        case(g.clone(), &format!("{batch}/verification"), none(), false, [NotFound, Read, Read]),
        case(g.clone(), &format!("{batch}/verification/events"), none(), false, [NotFound, Read, Read]),
        case(p.clone(), &format!("{batch}/verification/resume"), none(), false, [NotFound, Forbidden, Forbidden]),
        case(g.clone(), &format!("{batch}/verification/export?unmasked=true"), none(), false, [NotFound, Read, Read]),
        case(p.clone(), &format!("{person}/resolution"), j(json!({"action": "confirm_ss_name"})), true, [NotFound, Forbidden, Forbidden]),
        // 提交职保会审核 and 审核
        case(g.clone(), &format!("{batch}/ratios"), none(), false, [NotFound, Read, Read]),
        case(p.clone(), &format!("{batch}/materials"), j(json!({"ss_code": CODE, "attachment_id": material})), true, [NotFound, Forbidden, Forbidden]),
        case(d.clone(), &format!("{batch}/materials/{material}"), none(), true, [NotFound, Forbidden, Forbidden]),
        case(u.clone(), &format!("{person}/no-ss-reason"), j(json!({"reason": "abroad"})), true, [NotFound, Forbidden, Forbidden]),
        case(p.clone(), &format!("{batch}/review-submission"), none(), true, [NotFound, Forbidden, Forbidden]),
        case(g.clone(), &format!("{batch}/reviews"), none(), false, [NotFound, Read, Read]),
        case(g.clone(), "/api/reviews?status=all", none(), false, [Forbidden, Read, Read]),
        case(g.clone(), "/api/reviews/counts", none(), false, [Forbidden, Read, Read]),
        case(p.clone(), &format!("/api/reviews/{}/decision", review.id), j(json!({"decision": "approve"})), false, [Forbidden, Allowed, Forbidden]),
        // 保障年度
        case(g.clone(), "/api/plan-years", none(), false, [Read, Read, Read]),
        case(g.clone(), "/api/plan-years/current", none(), false, [Read, Read, Read]),
        case(u.clone(), &plan_path, j(plan_body), true, [Forbidden, Forbidden, Allowed]),
    ];

    let audit_count = || async {
        audit_log::Entity::find()
            .count(&app.db)
            .await
            .expect("count")
    };
    let before = unit_a.batches().fetch(b.id).await;
    let audit_before = audit_count().await;
    let callers = [
        ("unit_b", &unit_b),
        ("reviewer", &reviewer),
        ("admin", &admin),
    ];
    let mut requests = 0;
    let mut reads = Vec::new();
    for c in &cases {
        for ((who, client), expect) in callers.iter().zip(c.expect) {
            let refusal = match expect {
                Forbidden => (403, ErrorCode::Forbidden),
                NotFound => (404, ErrorCode::NotFound),
                Read => {
                    reads.push((*who, *client, c));
                    continue;
                }
                Allowed => continue,
            };
            let res = call(client, c, before.version).await;
            requests += 1;
            assert_eq!(
                res.status().as_u16(),
                refusal.0,
                "{who} {} {}",
                c.method,
                c.path
            );
            let text = res.text().await.unwrap();
            for seq in FROM..FROM + 2 {
                assert!(
                    !text.contains(&resident_id(seq)),
                    "{who} {}: {text}",
                    c.path
                );
            }
            let body: api_types::ApiErrorBody = serde_json::from_str(&text).unwrap();
            assert_eq!(body.code, refusal.1, "{who} {} {}", c.method, c.path);
        }
        let res = call(&app.anonymous(), c, before.version).await;
        requests += 1;
        assert_error(res, 401, ErrorCode::Unauthorized).await;
    }
    // Refused calls change nothing: no audit entry, the same batch, the same people.
    assert_eq!(
        audit_count().await,
        audit_before,
        "refused calls must change nothing"
    );
    let after = unit_a.batches().fetch(b.id).await;
    assert_eq!(
        (after.version, after.roster_size, &after.status),
        (before.version, before.roster_size, &before.status)
    );
    assert_eq!(unit_a.roster(&after).list("").await.total, 2);
    // Another unit's lists hold none of A's batches.
    let theirs: api_types::Page<BatchOut> =
        assert_json(unit_b.get("/api/batches").await, 200).await;
    assert!(theirs.items.iter().all(|x| x.id != b.id));

    // The reads the matrix allows answer 200 (the export holds the full numbers: reviewers
    // and admins may, and every such read is audited).
    for (who, client, c) in reads {
        let res = call(client, c, before.version).await;
        requests += 1;
        assert_eq!(res.status().as_u16(), 200, "{who} {} {}", c.method, c.path);
    }
    // The templates are public.
    for path in ["/api/templates/roster", "/api/templates/withholding-letter"] {
        let res = app.anonymous().get(path).await;
        requests += 1;
        assert_eq!(res.status().as_u16(), 200, "anonymous {path}");
    }
    assert_eq!(
        requests, 135,
        "the walk's size changed: update this count on purpose"
    );
}
