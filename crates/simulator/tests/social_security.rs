//! The social-security and pension interfaces over HTTP: determinism, hints, pins, batches.
#![allow(clippy::unwrap_used)]

mod support;

use serde_json::{json, Value};
use simulator::{Shares, SimConfig};
use support::{quiet, resident_id, spawn};

const UNIT: &str = "tuixiu31011500001";

#[tokio::test]
async fn a_plain_retiree_comes_back_with_the_imported_name_and_the_hints_code() {
    let sim = spawn(quiet());
    let id = resident_id(1);
    let path = format!("/social-security/persons/{id}?name=%E5%BC%A0%E4%B8%89&unit={UNIT}");
    let (status, first) = sim.get_json(&path).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["found"], true);
    assert_eq!(first["id_number"], id.as_str());
    assert_eq!(first["name"], "张三");
    assert_eq!(first["status"], "retired");
    assert_eq!(first["medical_insurance"], "insured");
    let month = first["retirement_month"].as_str().unwrap();
    assert!(
        domain::year_month::YearMonth::parse(month).is_ok(),
        "{month}"
    );
    let code = first["ss_code"].as_str().unwrap().to_owned();

    // The same question again: the same answer; another person of the unit: the same code.
    let (_, again) = sim.get_json(&path).await;
    assert_eq!(first, again);
    let other = format!(
        "/social-security/persons/{}?name=x&unit={UNIT}",
        resident_id(2)
    );
    let (_, other) = sim.get_json(&other).await;
    assert_eq!(other["ss_code"], code.as_str());

    // The unit behind the code.
    let (status, unit) = sim
        .get_json(&format!("/social-security/units/{code}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(unit["ss_code"], code.as_str());
    assert_eq!(unit["unit_name"], first["ss_unit_name"]);
    let count = unit["retiree_count"].as_u64().unwrap();
    assert!((10..=40).contains(&count), "{count}");
    let (status, body) = sim.get_json("/social-security/units/not-a-code").await;
    assert_eq!((status, body["error"].as_str()), (404, Some("no_unit")));
}

#[tokio::test]
async fn without_a_name_hint_the_name_is_made_up_but_stable() {
    let sim = spawn(quiet());
    let path = format!("/social-security/persons/{}", resident_id(3));
    let (status, a) = sim.get_json(&path).await;
    let (_, b) = sim.get_json(&path).await;
    assert_eq!(status, 200);
    let name = a["name"].as_str().unwrap();
    assert!((2..=3).contains(&name.chars().count()), "{name}");
    assert_eq!(a, b);
}

#[tokio::test]
async fn no_record_is_404_with_its_code_and_a_malformed_id_is_400() {
    let config = SimConfig {
        shares: Shares {
            no_record: 1000,
            ..Shares::none()
        },
        ..SimConfig::instant()
    };
    let sim = spawn(config);
    let (status, body) = sim
        .get_json(&format!("/social-security/persons/{}", resident_id(4)))
        .await;
    assert_eq!((status, body["error"].as_str()), (404, Some("no_record")));
    let (_, pension) = sim
        .get_json(&format!("/pension/withholding/{}", resident_id(4)))
        .await;
    assert_eq!(pension["withholdable"], false);
    let (status, body) = sim.get_json("/social-security/persons/12%2034").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_id_number"))
    );
}

#[tokio::test]
async fn the_name_differs_anomaly_changes_one_character() {
    let config = SimConfig {
        shares: Shares {
            name_differs: 1000,
            ..Shares::none()
        },
        ..SimConfig::instant()
    };
    let sim = spawn(config);
    let path = format!(
        "/social-security/persons/{}?name=%E6%9D%8E%E5%9B%9B%E5%85%AD",
        resident_id(5)
    );
    let (_, body) = sim.get_json(&path).await;
    let name: Vec<char> = body["name"].as_str().unwrap().chars().collect();
    let imported: Vec<char> = "李四六".chars().collect();
    assert_eq!(name.len(), 3);
    let differing = name.iter().zip(&imported).filter(|(a, b)| a != b).count();
    assert_eq!(differing, 1, "{name:?}");
}

#[tokio::test]
async fn pins_fix_one_person_and_clearing_them_restores_the_hash() {
    let sim = spawn(quiet());
    let id = resident_id(6);
    let person = format!("/social-security/persons/{id}?name=%E7%8E%8B%E4%BA%94");
    let (_, plain) = sim.get_json(&person).await;

    let pin = json!({"status": "deceased", "retirement_month": "", "ss_code": "C000000001"});
    let admin = format!("/admin/social-security/persons/{id}");
    assert_eq!(sim.put_json(&admin, &pin).await, 204);
    let (_, pinned) = sim.get_json(&person).await;
    assert_eq!(pinned["status"], "deceased");
    assert_eq!(pinned["retirement_month"], "");
    assert_eq!(pinned["ss_code"], "C000000001");
    assert_eq!(
        pinned["name"], "王五",
        "fields left out keep the plain answer"
    );

    assert_eq!(
        sim.put_json(
            &format!("/admin/pension/withholding/{id}"),
            &json!({"withholdable": true})
        )
        .await,
        204
    );
    let (_, pension) = sim.get_json(&format!("/pension/withholding/{id}")).await;
    assert_eq!(pension["withholdable"], true);

    let unit = json!({"retiree_count": 3, "unit_name": "上海测试有限公司"});
    assert_eq!(
        sim.put_json("/admin/social-security/units/C000000001", &unit)
            .await,
        204
    );
    let (_, u) = sim.get_json("/social-security/units/C000000001").await;
    assert_eq!(
        (u["retiree_count"].as_u64(), u["unit_name"].as_str()),
        (Some(3), Some("上海测试有限公司"))
    );

    assert_eq!(sim.put_json(&admin, &json!({"found": false})).await, 204);
    assert_eq!(sim.get(&person).await.status().as_u16(), 404);

    let (_, pins) = sim.get_json("/admin/pins").await;
    assert_eq!(pins["social_security_persons"][&id]["found"], false);
    assert_eq!(sim.delete("/admin/pins").await, 204);
    let (_, restored) = sim.get_json(&person).await;
    assert_eq!(restored, plain);

    assert_eq!(sim.put_json(&admin, &json!({"status": "dead"})).await, 400);
    assert_eq!(
        sim.put_json(
            "/admin/pension/withholding/%E5%BC%A0",
            &json!({"withholdable": true})
        )
        .await,
        400
    );
}

#[tokio::test]
async fn a_pins_file_given_at_start_is_in_force() {
    let id = resident_id(7);
    let path = std::env::temp_dir().join(format!("sim-pins-{}.json", std::process::id()));
    let doc = json!({
        "social_security_persons": {id.clone(): {"status": "active", "retirement_month": ""}},
        "pension": {id.clone(): {"withholdable": false}}
    });
    std::fs::write(&path, doc.to_string()).unwrap();
    let file = path.to_string_lossy().into_owned();
    let config = SimConfig::from_lookup(|k| match k {
        "SIM_PINS_FILE" => Some(file.clone()),
        "SIM_LATENCY_MS" => Some("0".into()),
        _ => None,
    })
    .unwrap();
    std::fs::remove_file(&path).unwrap();
    let sim = spawn(config);
    let (_, person) = sim
        .get_json(&format!("/social-security/persons/{id}"))
        .await;
    assert_eq!(person["status"], "active");
    let (_, pension) = sim.get_json(&format!("/pension/withholding/{id}")).await;
    assert_eq!(pension["withholdable"], false);
}

fn items(range: std::ops::Range<u32>) -> Vec<Value> {
    range
        .map(|i| json!({"id_number": resident_id(i), "name": "赵六", "unit": UNIT}))
        .collect()
}

#[tokio::test]
async fn a_batch_answers_each_item_in_order_like_the_single_endpoint() {
    let sim = spawn(SimConfig::instant());
    let mut batch = items(0..100);
    batch[3] = json!({"id_number": "bad id"});
    let (status, body) = sim
        .post_json("/social-security/persons:batch", &json!({"items": batch}))
        .await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().unwrap();
    assert_eq!(results.len(), 100);
    assert_eq!(
        results[3],
        json!({"found": false, "id_number": "bad id", "error": "invalid_id_number"})
    );
    let mut missing = 0;
    for (i, result) in results.iter().enumerate().filter(|(i, _)| *i != 3) {
        let id = resident_id(i as u32);
        assert_eq!(result["id_number"], id.as_str());
        let single = format!("/social-security/persons/{id}?name=%E8%B5%B5%E5%85%AD&unit={UNIT}");
        let (status, one) = sim.get_json(&single).await;
        if status == 404 {
            missing += 1;
            assert_eq!(
                result,
                &json!({"found": false, "id_number": id, "error": "no_record"})
            );
        } else {
            assert_eq!(result, &one);
        }
    }
    assert!(
        missing < 20,
        "{missing} of 100 without a record with the default 3 %"
    );

    let stats = sim.stats().await.interfaces.social_security_persons;
    assert_eq!(stats.calls, 100, "one batch call and 99 single calls");
    assert_eq!(stats.items, 100 + 99 - missing);
}

#[tokio::test]
async fn a_batch_holds_one_to_a_hundred_items() {
    let sim = spawn(quiet());
    for (n, expected) in [(0, 400), (1, 200), (100, 200), (101, 400)] {
        let body = json!({"items": items(0..n)});
        let (status, answer) = sim.post_json("/social-security/persons:batch", &body).await;
        assert_eq!(status, expected, "{n} items: {answer}");
        let ids: Vec<Value> = (0..n)
            .map(|i| json!({"id_number": resident_id(i)}))
            .collect();
        let (status, _) = sim
            .post_json("/pension/withholding:batch", &json!({"items": ids}))
            .await;
        assert_eq!(status, expected, "pension, {n} items");
    }
    let (status, body) = sim
        .post_json(
            "/social-security/persons:batch",
            &json!([{"id_number": resident_id(1)}]),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("malformed_body"))
    );
}

#[tokio::test]
async fn the_pension_batch_agrees_with_single_calls() {
    let sim = spawn(SimConfig::instant());
    let ids: Vec<Value> = (0..100)
        .map(|i| json!({"id_number": resident_id(i)}))
        .collect();
    let (status, body) = sim
        .post_json("/pension/withholding:batch", &json!({"items": ids}))
        .await;
    assert_eq!(status, 200);
    let results = body["results"].as_array().unwrap();
    let mut not_withholdable = 0;
    for (i, result) in results.iter().enumerate() {
        let (_, one) = sim
            .get_json(&format!("/pension/withholding/{}", resident_id(i as u32)))
            .await;
        assert_eq!(result, &one);
        not_withholdable += usize::from(one["withholdable"] == false);
    }
    assert!(
        (1..50).contains(&not_withholdable),
        "{not_withholdable} of 100"
    );
}

#[tokio::test]
async fn batch_endpoints_can_be_switched_off() {
    let sim = spawn(SimConfig {
        batch_endpoints: false,
        ..quiet()
    });
    let body = json!({"items": items(0..2)});
    let (status, _) = sim.post_json("/social-security/persons:batch", &body).await;
    assert_eq!(status, 404);
    let (status, _) = sim.post_json("/pension/withholding:batch", &body).await;
    assert_eq!(status, 404);
    let (status, _) = sim
        .get_json(&format!("/social-security/persons/{}", resident_id(1)))
        .await;
    assert_eq!(status, 200, "single calls still work");
}
