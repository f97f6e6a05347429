use serde_json::Value;

use crate::both_backends;
use crate::helpers::TestApp;

both_backends! {
    async fn live_and_ready_answer_200_on_a_fresh_database(backend) {
        let app = TestApp::spawn(backend).await;
        for path in ["/health/live", "/health/ready"] {
            let response = app.get(path).await;
            assert_eq!(response.status(), 200, "{path}");
            assert_eq!(response.json::<Value>().await.unwrap()["status"], "ok");
        }
    }
}
