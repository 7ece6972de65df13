//! The simulator of the external interfaces, started on port 0 for one test (or shared by
//! two instances), and its `/admin` endpoints: pins, the outage switch, counters.

use std::net::TcpListener;

use simulator::{InterfaceStats, SimConfig, StatsOut};

/// A running simulator; cheap to clone.
#[derive(Clone)]
pub struct Simulator {
    base_url: String,
    http: reqwest::Client,
}

impl Simulator {
    /// Starts one on a free port with `config`.
    pub(super) fn start(config: SimConfig) -> Simulator {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind simulator");
        let port = listener.local_addr().expect("simulator address").port();
        tokio::spawn(simulator::run_with(listener, config).expect("start simulator"));
        Simulator {
            base_url: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    async fn put(&self, path: &str, body: &serde_json::Value) {
        let res = self
            .http
            .put(format!("{}{path}", self.base_url))
            .json(body)
            .send()
            .await
            .expect("the simulator answers");
        assert!(res.status().is_success(), "PUT {path}: {}", res.status());
    }

    /// `PUT /admin/social-security/persons/{id}`: pins the person's answer (fields left
    /// out take the plain answer; `{"found": false}` is no record).
    pub async fn pin_person(&self, id_number: &str, pin: serde_json::Value) {
        let path = format!("/admin/social-security/persons/{id_number}");
        self.put(&path, &pin).await;
    }

    /// `PUT /admin/social-security/units/{code}`: 社保编号 `code` has `retirees` retirees.
    pub async fn pin_unit(&self, code: &str, retirees: u32) {
        let path = format!("/admin/social-security/units/{code}");
        let body = serde_json::json!({ "retiree_count": retirees, "unit_name": format!("社保单位{code}") });
        self.put(&path, &body).await;
    }

    /// `PUT /admin/bank/results/{id}`: the bank's answer for the person (`reason`: 余额不足,
    /// 校验不通过, 账户状态异常 or a code; ignored on success).
    pub async fn pin_bank(&self, id_number: &str, success: bool, reason: Option<&str>) {
        let path = format!("/admin/bank/results/{id_number}");
        let body = serde_json::json!({ "success": success, "reason": reason });
        self.put(&path, &body).await;
    }

    /// `PUT /admin/pension/withholding/{id}`.
    pub async fn pin_withholdable(&self, id_number: &str, withholdable: bool) {
        let path = format!("/admin/pension/withholding/{id_number}");
        let body = serde_json::json!({ "withholdable": withholdable });
        self.put(&path, &body).await;
    }

    /// `PUT /admin/outage`: switches `interface` (`social_security_persons`, `pension`, …,
    /// or `all`) off or on again.
    pub async fn set_outage(&self, interface: &str, down: bool) {
        let body = serde_json::json!({ "interface": interface, "down": down });
        self.put("/admin/outage", &body).await;
    }

    /// `GET /admin/stats`.
    pub async fn stats(&self) -> StatsOut {
        self.http
            .get(format!("{}/admin/stats", self.base_url))
            .send()
            .await
            .expect("the simulator answers")
            .json()
            .await
            .expect("stats")
    }

    /// `DELETE /admin/stats`: every counter back to 0.
    pub async fn reset_stats(&self) {
        let res = self
            .http
            .delete(format!("{}/admin/stats", self.base_url))
            .send()
            .await
            .expect("the simulator answers");
        assert_eq!(res.status().as_u16(), 204);
    }

    /// The counters of the social-security persons interface.
    pub async fn persons_stats(&self) -> InterfaceStats {
        self.stats().await.interfaces.social_security_persons
    }

    /// The counters of the pension interface.
    pub async fn pension_stats(&self) -> InterfaceStats {
        self.stats().await.interfaces.pension
    }
}
