//! The README's 接口对接 example, run exactly as written: the first `sh` block under its
//! heading goes to bash (with `set -euo pipefail`, so any failing `curl -f` fails the test)
//! against a real server with background workers and the simulator. Editing the README or
//! the API so that the example breaks fails here.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use server::entities::audit_log;

use crate::app::TestApp;
use crate::fixtures::{valid_rows, workbook, GOOD_PASSWORD};
use crate::verification::{fast_retries, plain_simulator};

/// The heading of the section whose first `sh` block is the example.
const HEADING: &str = "## 接口对接 / integrating";

/// The example block of the README.
fn example() -> String {
    let readme = include_str!("../../../../README.md");
    let section = readme
        .split_once(HEADING)
        .map(|(_, rest)| rest)
        .expect("the README has the 接口对接 section");
    let block = section
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .map(|(block, _)| block)
        .expect("the section has a ```sh block");
    block.to_owned()
}

#[test]
fn the_example_is_the_whole_flow() {
    let block = example();
    for step in [
        "/api/api-keys",
        "/roster/import",
        "Idempotency-Key",
        "/verification\"",
        "/verification/export",
        "X-API-Key",
    ] {
        assert!(block.contains(step), "the example lost {step}");
    }
}

#[tokio::test]
async fn the_readmes_integrating_example_runs() {
    let app = TestApp::builder()
        .simulator_config(plain_simulator())
        .settings(|s| {
            fast_retries(s);
            s.captcha_disabled = true;
            s.tasks.workers = 2;
            s.tasks.poll_ms = 50;
        })
        .spawn()
        .await;
    app.travel("2026-11-30T10:00:00").await;
    let login = "tuixiu320000001";
    let unit = app.unit(login).await;
    let batch = unit.batches().create_voucher_batch().await;
    let dir = tempfile::tempdir().unwrap();
    let roster = dir.path().join("roster.xlsx");
    std::fs::write(&roster, workbook(&valid_rows(1, 3))).unwrap();

    let script = format!("set -euo pipefail\n{}", example());
    // `timeout`: a loop that never ends fails the test instead of hanging it.
    let mut cmd = std::process::Command::new("timeout");
    cmd.args(["120", "bash", "-c", &script])
        .current_dir(dir.path())
        .env("BASE", &app.address)
        .env("ACCOUNT", login)
        .env("PASSWORD", GOOD_PASSWORD)
        .env("CAPTCHA_ANSWER", "0000")
        .env("BATCH_ID", batch.id.to_string())
        .env("ROSTER", &roster);
    let out = tokio::task::spawn_blocking(move || cmd.output())
        .await
        .unwrap()
        .expect("bash, curl and jq are installed");
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(
        out.status.success(),
        "the README's example failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    assert!(stdout.contains("名单校验中"), "{stdout}");
    assert!(stdout.contains("数据校验结果：可代扣 3人"), "{stdout}");
    for name in ["人员一", "人员二", "人员三"] {
        assert!(stdout.contains(name), "{stdout}");
    }
    let export = std::fs::metadata(dir.path().join("verification.xlsx")).unwrap();
    assert!(export.len() > 0);

    // The changes were the key's.
    let imported = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("roster.imported"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the import is audited");
    assert!(imported.api_key_id.is_some());
    let done = unit.batches().fetch(batch.id).await;
    assert_eq!(done.status, "verified");
}
