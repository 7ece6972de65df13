//! The single-page app of the “退休住院计划” group-enrollment platform (Leptos CSR).

mod api;
mod app;
mod auth;
mod components;
mod menu;
mod pages;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
