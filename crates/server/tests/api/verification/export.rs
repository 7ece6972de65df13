//! 导出: the verification results as xlsx — the summary line, then one row per person, ID
//! numbers masked unless asked otherwise — and every export audited.

use api_types::ErrorCode;
use serde_json::json;

use super::{app_with, batch_of, plain_simulator};
use crate::assertions::assert_error;
use crate::fixtures::{person_name, resident_id, sheet_rows};

#[tokio::test]
async fn the_export_has_the_summary_and_a_row_per_person_masked_unless_asked_and_is_audited() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000010", 4).await;
    let sim = app.simulator();
    sim.pin_person(&resident_id(2), json!({ "name": "张三" }))
        .await;
    sim.pin_person(&resident_id(3), json!({ "found": false }))
        .await;
    sim.pin_withholdable(&resident_id(4), false).await;
    unit.verification(&batch).start().await;
    app.run_pending_tasks().await;
    let p = unit.verification(&batch).progress().await;
    assert_eq!(
        p.summary,
        "数据校验结果：可代扣 2人，不可代扣 2人，社保姓名与导入姓名不一致 1人"
    );

    let read = |unmasked| {
        let unit = unit.clone();
        let batch = batch.clone();
        async move {
            let res = unit.verification(&batch).export(unmasked).await;
            assert_eq!(res.status().as_u16(), 200);
            let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
            assert!(kind.contains("spreadsheetml"), "{kind}");
            sheet_rows(&res.bytes().await.unwrap(), 0)
        }
    };
    let masked = read(false).await;
    assert_eq!(masked[0][0], p.summary);
    assert_eq!(
        masked[1],
        [
            "序号",
            "姓名",
            "社保姓名",
            "证件类型",
            "证件号码",
            "代扣类型",
            "校验结果",
            "社保编号",
            "社保单位"
        ]
    );
    assert_eq!(
        masked.len(),
        2 + 4,
        "the summary, the titles, one row per person"
    );
    let expected = [
        ("人员一", "可代扣", "校验通过"),
        ("张三", "可代扣", "参保姓名和社保姓名不一致"),
        ("", "不可代扣", "未匹配到社保信息"),
        ("人员四", "不可代扣", "校验通过"),
    ];
    for (i, (ss_name, deduction, outcome)) in expected.iter().enumerate() {
        let (row, seq) = (&masked[i + 2], i as u32 + 1);
        let id = resident_id(seq);
        assert_eq!(row[0], seq.to_string());
        assert_eq!(row[1], person_name(seq));
        assert_eq!(
            (row[2].as_str(), row[5].as_str(), row[6].as_str()),
            (*ss_name, *deduction, *outcome)
        );
        assert_eq!(row[3], "身份证");
        let shown = &row[4];
        assert_ne!(shown, &id);
        assert!(
            shown.starts_with(&id[..3])
                && shown.ends_with(&id[14..])
                && shown[3..14].chars().all(|c| c == '*'),
            "masked: {shown}"
        );
    }
    let unmasked = read(true).await;
    for (i, row) in unmasked[2..].iter().enumerate() {
        assert_eq!(row[4], resident_id(i as u32 + 1), "every digit when asked");
    }

    let admin = app.admin("admin30").await;
    let logs = admin
        .audit_logs()
        .list(&format!(
            "?action=verification.exported&target_id={}",
            batch.id
        ))
        .await;
    assert_eq!(logs["total"], 2, "each export is audited");
    let flags: Vec<_> = logs["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["after"]["unmasked"].as_bool())
        .collect();
    assert!(
        flags.contains(&Some(true)) && flags.contains(&Some(false)),
        "{flags:?}"
    );
    assert!(
        !logs.to_string().contains(&resident_id(1)),
        "no ID in the audit log"
    );

    let stranger = app.unit("tuixiu300000011").await;
    let res = stranger.verification(&batch).export(false).await;
    assert_error(res, 404, ErrorCode::NotFound).await;
}
