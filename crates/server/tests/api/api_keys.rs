//! Integrator keys (接口密钥): created by admins and unit operators, shown once and stored
//! as a digest, acting with the rights of their unit or of the association narrowed by
//! their scopes, refused once revoked or expired, rate-limited per key across instances,
//! and audited as the key.

use api_types::{ApiKeyStatus, ErrorCode, Role};
use chrono::Duration;
use sea_orm::{ConnectionTrait, EntityTrait, Statement};
use serde_json::json;
use server::auth::throttle::Limit;
use server::entities::api_key;
use sha2::{Digest, Sha256};

use crate::app::{logs, TestApp};
use crate::assertions::{assert_error, assert_json, invalid_fields};
use crate::fixtures::{valid_rows, workbook, GOOD_PASSWORD};

#[tokio::test]
async fn a_units_key_imports_its_roster_and_is_audited_as_the_key() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu300000001").await;
    let created = unit
        .api_keys()
        .create(&["roster:write", "batches:read"], None)
        .await;
    assert!(created.secret.starts_with(&created.key.key_prefix));
    assert_eq!(created.key.role, Role::Unit);
    assert_eq!(created.key.unit_id, Some(unit.unit_id()));
    assert_eq!(created.key.status, ApiKeyStatus::Active);

    let key = app.integrator(&created.secret);
    let out = key.roster(&b).import(workbook(&valid_rows(1, 3))).await;
    assert_eq!(out.imported, 3);
    let res = key.get(&format!("/api/batches/{}", b.id)).await;
    assert_eq!(res.status().as_u16(), 200);

    let admin = app.admin("admin1").await;
    let log = admin.audit_logs().list("?action=roster.imported").await;
    let entry = &log["items"][0];
    assert_eq!(entry["api_key_id"], json!(created.key.id));
    assert_eq!(entry["actor_id"], json!(null));
    assert_eq!(entry["actor_role"], json!("unit"));
    let label = entry["actor_label"].as_str().unwrap();
    assert!(
        label.contains(&created.key.key_prefix) && label.contains("接口密钥"),
        "{label}"
    );
    let actions = admin.audit_logs().actions("?target_type=api_key").await;
    assert_eq!(actions, ["api_key.created"]);

    let listed = unit.api_keys().list().await;
    assert_eq!(listed.total, 1);
    assert!(listed.items[0].last_used_at.is_some());
    assert_eq!(
        listed.items[0].created_by.as_deref(),
        Some("tuixiu300000001")
    );
}

#[tokio::test]
async fn only_a_digest_of_the_key_is_stored() {
    let (app, unit, _b) = TestApp::with_voucher_batch("tuixiu300000002").await;
    let created = unit.api_keys().create(&["roster:read"], None).await;
    let row = api_key::Entity::find_by_id(created.key.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.secret_hash,
        hex::encode(Sha256::digest(created.secret.as_bytes()))
    );
    // No column of any key row, nor the audit log, holds the key or its random part.
    let random = &created.secret["rtpk_".len()..];
    let backend = app.db.get_database_backend();
    for sql in [
        "SELECT * FROM api_keys",
        "SELECT before, after, actor_account FROM audit_logs",
    ] {
        let rows = app
            .db
            .query_all(Statement::from_string(backend, sql))
            .await
            .unwrap();
        for r in rows {
            let dump = format!("{r:?}");
            assert!(!dump.contains(random), "{sql}: the key in clear");
        }
    }
    let listed = unit.api_keys().list().await;
    assert!(!serde_json::to_string(&listed).unwrap().contains(random));
    // Used once (and once wrongly), it reaches no log line either.
    let key = app.integrator(&created.secret);
    assert_eq!(key.get("/api/batches").await.status().as_u16(), 403);
    let wrong = format!("{}0", created.secret);
    assert_eq!(
        app.integrator(&wrong)
            .get("/api/batches")
            .await
            .status()
            .as_u16(),
        401
    );
    assert!(!logs::captured().contains(random), "the key in the log");
}

#[tokio::test]
async fn scopes_and_the_units_rights_narrow_what_a_key_may_call() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu300000003").await;
    let read_only = unit.api_keys().create(&["roster:read"], None).await;
    let key = app.integrator(&read_only.secret);
    let res = key.roster(&b).try_import(workbook(&valid_rows(1, 2))).await;
    let body = assert_error(res, 403, ErrorCode::Forbidden).await;
    assert_eq!(
        body.details.unwrap()["required_scope"],
        json!("roster:write")
    );
    assert!(body.message.contains("roster:write"), "{}", body.message);
    assert_eq!(key.roster(&b).list("").await.total, 0);

    // Routes for people only, whatever the scopes.
    for path in ["/api/api-keys", "/api/accounts", "/api/operator"] {
        let res = key.get(path).await;
        assert_error(res, 403, ErrorCode::Forbidden).await;
    }
    assert_error(key.get("/api/me").await, 401, ErrorCode::Unauthorized).await;

    // Another unit's batch does not exist for this unit's key.
    let (other_unit, other_batch) = {
        let u = app.unit("tuixiu300000004").await;
        let batch = u.batches().create_voucher_batch().await;
        (u, batch)
    };
    let res = key
        .get(&format!("/api/batches/{}/roster", other_batch.id))
        .await;
    assert_error(res, 404, ErrorCode::NotFound).await;
    drop(other_unit);

    // A wrong key is no key.
    let wrong =
        app.integrator("rtpk_0000000000000000000000000000000000000000000000000000000000000000");
    assert_error(
        wrong.roster(&b).try_list().await,
        401,
        ErrorCode::Unauthorized,
    )
    .await;
}

#[tokio::test]
async fn revoked_and_expired_keys_stop_working() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu300000005").await;
    let first = unit.api_keys().create(&["roster:read"], None).await;
    let key = app.integrator(&first.secret);
    assert_eq!(key.roster(&b).list("").await.total, 0);

    // Another unit may not revoke it (nor see it).
    let other = app.unit("tuixiu300000006").await;
    assert_error(
        other.api_keys().revoke(first.key.id).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    assert_eq!(other.api_keys().list().await.total, 0);

    let revoked =
        assert_json::<api_types::ApiKeyOut>(unit.api_keys().revoke(first.key.id).await, 200).await;
    assert_eq!(revoked.status, ApiKeyStatus::Revoked);
    let body = assert_error(
        key.roster(&b).try_list().await,
        401,
        ErrorCode::Unauthorized,
    )
    .await;
    assert!(body.message.contains("吊销"), "{}", body.message);
    assert_error(
        unit.api_keys().revoke(first.key.id).await,
        409,
        ErrorCode::Conflict,
    )
    .await;

    let body = json!({ "name": "短期", "scopes": ["roster:read"], "expires_in_days": 1 });
    let short: api_types::ApiKeyCreatedOut =
        assert_json(unit.api_keys().try_create(&body).await, 201).await;
    let key = app.integrator(&short.secret);
    assert_eq!(key.roster(&b).list("").await.total, 0);
    app.clock.advance(Duration::hours(25));
    let body = assert_error(
        key.roster(&b).try_list().await,
        401,
        ErrorCode::Unauthorized,
    )
    .await;
    assert!(body.message.contains("过期"), "{}", body.message);
    let unit = app.log_in("tuixiu300000005", GOOD_PASSWORD).await;
    let statuses: Vec<ApiKeyStatus> = unit
        .api_keys()
        .list()
        .await
        .items
        .iter()
        .map(|k| k.status)
        .collect();
    assert_eq!(statuses, [ApiKeyStatus::Expired, ApiKeyStatus::Revoked]);
}

#[tokio::test]
async fn a_key_stops_while_its_people_are_disabled() {
    let (app, unit, b) = TestApp::with_voucher_batch("tuixiu300000009").await;
    let admin = app.admin("admin09").await;
    let own = unit.api_keys().create(&["roster:read"], None).await;
    let by_admin = admin
        .api_keys()
        .create(&["roster:read"], Some(unit.unit_id()))
        .await;
    let keys = [
        app.integrator(&own.secret),
        app.integrator(&by_admin.secret),
    ];
    for key in &keys {
        assert_eq!(key.roster(&b).list("").await.total, 0);
    }

    // Disabling the unit's account stops the unit's own key and the admin's key for it.
    let res = admin.accounts().set_disabled(unit.account_id(), true).await;
    assert_eq!(res.status().as_u16(), 200);
    for key in &keys {
        let body = assert_error(
            key.roster(&b).try_list().await,
            401,
            ErrorCode::Unauthorized,
        )
        .await;
        assert!(body.message.contains("停用"), "{}", body.message);
    }

    // Enabled again, both work: nothing was revoked.
    let res = admin
        .accounts()
        .set_disabled(unit.account_id(), false)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    for key in &keys {
        assert_eq!(key.roster(&b).list("").await.total, 0);
    }

    // An association key stops with the admin who made it.
    let association = admin.api_keys().create(&["review"], None).await;
    let key = app.integrator(&association.secret);
    assert_eq!(key.get("/api/reviews").await.status().as_u16(), 200);
    let other_admin = app.admin("admin10").await;
    let res = other_admin
        .accounts()
        .set_disabled(admin.account_id(), true)
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(key.get("/api/reviews").await.status().as_u16(), 401);
}

#[tokio::test]
async fn who_may_create_which_key() {
    let (app, unit, _b) = TestApp::with_voucher_batch("tuixiu300000007").await;
    let reviewer = app.reviewer("shenhe07").await;
    let admin = app.admin("admin07").await;
    let body = |scopes: &[&str], days: u32| json!({ "name": "对接", "scopes": scopes, "expires_in_days": days });
    let res = reviewer.api_keys().try_create(&body(&["review"], 30)).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;
    for (b, field) in [
        (body(&["review"], 30), "scopes"),
        (body(&[], 30), "scopes"),
        (body(&["roster:read"], 0), "expires_in_days"),
        (body(&["roster:read"], 366), "expires_in_days"),
        (
            json!({ "name": " ", "scopes": ["roster:read"], "expires_in_days": 3 }),
            "name",
        ),
    ] {
        let res = unit.api_keys().try_create(&b).await;
        let err = assert_error(res, 422, ErrorCode::ValidationFailed).await;
        assert_eq!(invalid_fields(&err), [field]);
    }
    let other = app.unit("tuixiu300000008").await;
    let mut for_other = body(&["roster:read"], 30);
    for_other["unit_id"] = json!(other.unit_id());
    let res = unit.api_keys().try_create(&for_other).await;
    assert_error(res, 403, ErrorCode::Forbidden).await;

    // An admin: a key for a unit, or for the association with a reviewer's rights.
    let for_unit = admin
        .api_keys()
        .create(&["roster:read"], Some(other.unit_id()))
        .await;
    assert_eq!(
        (for_unit.key.role, for_unit.key.unit_id),
        (Role::Unit, Some(other.unit_id()))
    );
    let association = admin
        .api_keys()
        .create(&["review", "batches:read"], None)
        .await;
    assert_eq!(
        (association.key.role, association.key.unit_id),
        (Role::Reviewer, None)
    );
    let key = app.integrator(&association.secret);
    assert_eq!(key.get("/api/reviews").await.status().as_u16(), 200);
    let batches: api_types::Page<api_types::BatchOut> =
        assert_json(key.get("/api/batches").await, 200).await;
    assert_eq!(
        batches.total, 1,
        "the association sees every unit's batches"
    );
    let res = admin
        .api_keys()
        .try_create(&body(&["roster:write"], 30))
        .await;
    assert_error(res, 422, ErrorCode::ValidationFailed).await;
    assert_eq!(admin.api_keys().list().await.total, 2);
    assert_eq!(other.api_keys().list().await.total, 1);
}

#[tokio::test]
async fn a_key_is_rate_limited_across_instances() {
    let limit = |s: &mut server::app::config::Settings| s.rate_limits.api_key = Limit::new(4, 60);
    let first = TestApp::builder().settings(limit).spawn().await;
    first.travel("2026-11-30T10:00:00").await;
    let second = TestApp::builder()
        .instance_of(&first)
        .settings(limit)
        .spawn()
        .await;
    let unit = first.unit("tuixiu300000009").await;
    let b = unit.batches().create_voucher_batch().await;
    let created = unit.api_keys().create(&["roster:read"], None).await;
    for app in [&first, &second, &first, &second] {
        let res = app.integrator(&created.secret).roster(&b).try_list().await;
        assert_eq!(res.status().as_u16(), 200);
    }
    for app in [&first, &second] {
        let res = app.integrator(&created.secret).roster(&b).try_list().await;
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry));
        assert_error(res, 429, ErrorCode::TooManyRequests).await;
    }
    // Another key, and the operator's own token, are not held back.
    let other = unit.api_keys().create(&["roster:read"], None).await;
    let res = first.integrator(&other.secret).roster(&b).try_list().await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(unit.roster(&b).list("").await.total, 0);
}
