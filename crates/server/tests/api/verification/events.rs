//! `GET …/verification/events`: server-sent events of `VerificationOut` until the run ends;
//! a browser's `EventSource` may pass its token as `?access_token=`, and only there.

use std::time::Duration;

use api_types::{ErrorCode, VerificationOut, VerificationState};

use super::{app_with, batch_of, plain_simulator};
use crate::assertions::assert_error;

/// The events of a stream's frames so far (`data: {json}` each, ended by a blank line).
fn events(text: &str) -> Vec<VerificationOut> {
    text.split("\n\n")
        .filter(|frame| !frame.trim().is_empty())
        .map(|frame| {
            let json = frame
                .strip_prefix("data: ")
                .unwrap_or_else(|| panic!("a data frame: {frame:?}"));
            serde_json::from_str(json).expect("a VerificationOut")
        })
        .collect()
}

/// Reads from the stream until `enough` says so (or it ends); answers the text read.
async fn read_until(res: &mut reqwest::Response, text: &mut String, enough: impl Fn(&str) -> bool) {
    while !enough(text) {
        let chunk = tokio::time::timeout(Duration::from_secs(10), res.chunk())
            .await
            .expect("the stream answers in time")
            .expect("the stream reads");
        match chunk {
            Some(bytes) => text.push_str(std::str::from_utf8(&bytes).unwrap()),
            None => return,
        }
    }
}

#[tokio::test]
async fn the_event_stream_follows_the_run_and_ends_when_it_is_done() {
    let app = app_with(plain_simulator()).await;
    let (unit, batch) = batch_of(&app, "tuixiu300000012", 3).await;
    unit.verification(&batch).start().await;

    let mut res = unit.verification(&batch).events().await;
    assert_eq!(res.status().as_u16(), 200);
    let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("text/event-stream"), "{kind}");
    let mut text = String::new();
    read_until(&mut res, &mut text, |t| t.contains("\n\n")).await;
    let first = events(&text);
    assert_eq!(first.len(), 1);
    assert_eq!(
        (first[0].state, first[0].total),
        (VerificationState::Queued, 3)
    );

    app.run_pending_tasks().await;
    read_until(&mut res, &mut text, |_| false).await; // to the end of the stream
    let all = events(&text);
    let last = all.last().unwrap();
    assert_eq!(
        last.state,
        VerificationState::Done,
        "the stream ends with the run"
    );
    assert_eq!((last.done, last.total), (3, 3));
    assert_eq!(last, &unit.verification(&batch).progress().await);
    assert!(all[..all.len() - 1]
        .iter()
        .all(|e| e.state != VerificationState::Done));

    // EventSource cannot send headers: the token may come in the query, for the stream.
    let anonymous = app.anonymous();
    let events_path = unit.verification(&batch).path("/events");
    let with_token = format!("{events_path}?access_token={}", unit.token());
    let mut res = anonymous.get(&with_token).await;
    assert_eq!(res.status().as_u16(), 200);
    let mut text = String::new();
    read_until(&mut res, &mut text, |_| false).await;
    let once = events(&text);
    assert_eq!(once.len(), 1, "a finished run: one event, then the end");
    assert_eq!(once[0].state, VerificationState::Done);

    let res = anonymous.get(&events_path).await;
    assert_error(res, 401, ErrorCode::Unauthorized).await;
    let stranger = app.unit("tuixiu300000013").await;
    let theirs = format!("{events_path}?access_token={}", stranger.token());
    assert_error(anonymous.get(&theirs).await, 404, ErrorCode::NotFound).await;
    // Anywhere else a token in the query is no login.
    let token = format!("?access_token={}", unit.token());
    for path in [
        unit.verification(&batch).path(""),
        format!("/api/batches/{}", batch.id),
        format!("/api/batches/{}/roster", batch.id),
    ] {
        let res = anonymous.get(&format!("{path}{token}")).await;
        assert_error(res, 401, ErrorCode::Unauthorized).await;
    }
}
