//! 邻里 linli: the smart-community platform.
//!
//! Layers, arrows pointing down only: `web` (HTTP) → `app` (use cases) →
//! `domain` (rules, no I/O) and `linli_store` (the database).

pub mod app;
pub mod cli;
pub mod config;
pub mod demo;
pub mod demo_daycare;
pub mod demo_events;
pub mod demo_mediation;
pub mod demo_people;
pub mod demo_produce;
pub mod demo_reading;
pub mod demo_stories;
pub mod demo_town;
pub mod demo_wall;
pub mod domain;
pub mod telemetry;
pub mod web;
