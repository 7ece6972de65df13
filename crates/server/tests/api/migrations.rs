//! Migrations run up, down and up again on the test database.

use migration::{Migrator, MigratorTrait};

use crate::app::TestApp;

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    let app = TestApp::spawn().await;
    let applied = Migrator::get_applied_migrations(&app.db)
        .await
        .expect("status");
    assert_eq!(applied.len(), Migrator::migrations().len());
    Migrator::down(&app.db, None).await.expect("down");
    assert!(Migrator::get_applied_migrations(&app.db)
        .await
        .expect("status")
        .is_empty());
    Migrator::up(&app.db, None).await.expect("up again");
    let applied = Migrator::get_applied_migrations(&app.db)
        .await
        .expect("status");
    assert_eq!(applied.len(), Migrator::migrations().len());
}
