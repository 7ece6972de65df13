//! 统计 (SPEC §14): the association's figures of a plan year — enrolled people and
//! premiums by 所属区局工会, by day, by 参保类型 and 缴费方式, batches in each status, units
//! that enrolled last year and not yet this year — as JSON for the SPA's charts and as
//! xlsx. The arithmetic is the domain's (`domain::statistics`); this loads the facts.

pub mod export;
pub mod routes;
pub mod service;
