use crate::both_backends;
use crate::helpers::{TestApp, assert_problem};

both_backends! {
    async fn a_sane_client_request_id_is_echoed(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app.client.get(app.url("/health/live")).header("X-Request-Id", "partner-42.abc").send().await.unwrap();
        assert_eq!(response.headers()["x-request-id"], "partner-42.abc");

        let response = app.client.get(app.url("/nowhere")).header("X-Request-Id", "partner-43").send().await.unwrap();
        let problem = assert_problem(response, 404).await;
        assert_eq!(problem["request_id"], "partner-43");
    }

    async fn a_missing_or_unsafe_request_id_is_replaced_by_a_generated_one(backend) {
        let app = TestApp::spawn(backend).await;
        let generated = app.get("/health/live").await.headers()["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&generated).is_ok(), "{generated}");

        for unsafe_id in ["has space", "quote\"", &"x".repeat(200)] {
            let response = app.client.get(app.url("/health/live")).header("X-Request-Id", unsafe_id).send().await.unwrap();
            let echoed = response.headers()["x-request-id"].to_str().unwrap();
            assert_ne!(echoed, unsafe_id);
            assert!(uuid::Uuid::parse_str(echoed).is_ok());
        }
    }
}
