//! `linli import`, `export` and `grid`: the registry at the command line.

use super::*;

#[derive(Debug, Subcommand)]
pub(super) enum ExportWhat {
    /// Every household and its people (or one grid's)
    Households {
        /// Where to write; the format follows the extension (.xlsx or .csv)
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
        /// Only this grid (or community, or street) code
        #[arg(long)]
        grid: Option<String>,
        /// Full ID numbers and phones (needs --reason)
        #[arg(long, requires = "reason")]
        full: bool,
        /// Why the full export is needed (written to the audit log)
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum ImportWhat {
    /// Load another district's streets or communities (CSV in the format of
    /// the shipped data: code,name,areaCode,… or code,name,streetCode,…)
    Divisions {
        /// The CSV file
        file: PathBuf,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Meter readings of a metered fee item's period (水电气抄表单): all rows
    /// or none; every bad row is reported with its line
    Readings {
        /// The sheet (XLSX, or CSV in UTF-8 or GBK; columns 楼栋, 单元, 房号, 本期读数, and 换表 for a new meter)
        file: PathBuf,
        /// Community code (12 digits)
        #[arg(long)]
        community: String,
        /// The metered fee item's code, e.g. SF
        #[arg(long)]
        fee: String,
        /// The period, YYYY-MM
        #[arg(long)]
        period: String,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Residents into one grid: all rows or none; every bad row is reported with its line
    Residents {
        /// The sheet (XLSX, or CSV in UTF-8 or GBK; columns 楼栋, 单元, 房号, 姓名, 身份证号, 联系电话, 与户主关系, 标签 and their synonyms)
        file: PathBuf,
        /// Grid code (community code + 3 digits), see `linli grid list`
        #[arg(long)]
        grid: String,
        /// Check and count, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Update people already registered (by ID number) from the sheet
        /// instead of skipping them
        #[arg(long)]
        update_existing: bool,
        /// When rows are bad, also write them to this XLSX file
        #[arg(long, value_name = "FILE.xlsx")]
        report: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub(super) enum GridAction {
    /// Add a grid to a community: linli grid add COMMUNITY NUMBER NAME
    Add { community: String, number: u16, name: String },
    /// List the grids of a community
    List { community: String },
}

pub(super) async fn import(settings: Settings, what: &ImportWhat) -> Result<(), Failure> {
    let (file, grid, dry_run, update_existing, report) = match what {
        ImportWhat::Residents { file, grid, dry_run, update_existing, report } => {
            (file, grid, dry_run, update_existing, report)
        }
        ImportWhat::Divisions { file, dry_run } => return import_divisions(settings, file, *dry_run).await,
        ImportWhat::Readings { file, community, fee, period, dry_run } => {
            return import_readings(settings, file, (community, fee, period), *dry_run).await;
        }
    };
    let grid = parse_grid(grid)?;
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let today = chrono::Utc::now().date_naive();
    let (rows, problems) = crate::domain::registry::sheet::read_residents_file_within(&bytes, today, &Bounds::OPERATOR)
        .map_err(|e| Failure::runtime(e.to_string()))?;
    if !problems.is_empty() {
        for p in &problems {
            println!("第 {} 行 [{}]：{}", p.line, p.column, Lang::Zh.row_problem(&p.reason));
        }
        if let Some(path) = report {
            let bytes = crate::domain::registry::sheet::problems_xlsx(
                problems.iter().map(|p| (p.line, p.column.clone(), Lang::Zh.row_problem(&p.reason))),
            )
            .map_err(Failure::runtime)?;
            crate::app::system::keys::write_private_file(path, &bytes)
                .map_err(|e| Failure::runtime(format!("无法写入 / cannot write {}: {e}", path.display())))?;
            println!("问题清单已写入 / bad rows written to {}", path.display());
        }
        let lines: std::collections::BTreeSet<usize> = problems.iter().map(|p| p.line).collect();
        return Err(Failure::runtime(format!(
            "{} 行有问题，未导入任何数据；改正后重新导入 / {} bad rows, nothing imported; fix them and import again",
            lines.len(),
            lines.len()
        )));
    }
    let app = open_app(&settings).await?;
    let source = file.display().to_string();
    let on_existing = if *update_existing { OnExisting::Update } else { OnExisting::Skip };
    let mode = Mode { on_existing, dry_run: *dry_run };
    let result = app
        .import_residents(&Actor::cli(), &grid, &source, rows.into(), mode, |done, total| {
            // One line that counts up (a terminal rewrites it in place).
            eprint!("\r  导入 / importing {done}/{total} ({}%)", (done * 100).checked_div(total).unwrap_or(100));
        })
        .await;
    eprintln!();
    app.close().await;
    let r = result.map_err(refused)?;
    println!(
        "{}{} 行：新增 {} 栋楼、{} 户、{} 人；已登记而跳过 {} 人，更新 {} 人 / rows {}: {} buildings, {} households, {} people added; {} already registered, skipped; {} updated",
        if r.dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" },
        r.rows,
        r.buildings,
        r.households,
        r.people,
        r.skipped,
        r.updated,
        r.rows,
        r.buildings,
        r.households,
        r.people,
        r.skipped,
        r.updated
    );
    Ok(())
}

async fn import_divisions(settings: Settings, file: &std::path::Path, dry_run: bool) -> Result<(), Failure> {
    let bytes =
        std::fs::read(file).map_err(|e| Failure::runtime(format!("无法读取 / cannot read {}: {e}", file.display())))?;
    let text = crate::domain::registry::sheet::decode(&bytes).map_err(|e| Failure::runtime(e.to_string()))?;
    let app = open_app(&settings).await?;
    let result = app.import_divisions(&Actor::cli(), &text, dry_run).await;
    app.close().await;
    match result {
        Ok(r) => {
            let dry = if dry_run { "（试运行，未写入 / dry run, nothing written）" } else { "" };
            println!(
                "{dry}{}：新增 {}，更名 {} / {}: {} added, {} updated",
                r.level, r.added, r.updated, r.level, r.added, r.updated
            );
            Ok(())
        }
        Err(crate::app::registry::region::DivisionError::Lines(lines)) => {
            for (line, message) in &lines {
                println!("第 {line} 行：{message}");
            }
            Err(Failure::runtime(format!(
                "{} 行有问题，未导入任何数据 / {} bad lines, nothing imported",
                lines.len(),
                lines.len()
            )))
        }
        Err(crate::app::registry::region::DivisionError::App(e)) => Err(refused(e)),
    }
}

pub(super) async fn export(settings: Settings, what: &ExportWhat) -> Result<(), Failure> {
    let ExportWhat::Households { out, grid, full, reason } = what;
    let xlsx = match out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => return Err(Failure::runtime("--out 应以 .xlsx 或 .csv 结尾 / --out must end in .xlsx or .csv")),
    };
    let grid = grid.as_deref().map(parse_region).transpose()?;
    let app = open_app(&settings).await?;
    let full_reason = if *full { reason.as_deref() } else { None };
    let result = app
        .export_households_cli(grid.as_ref(), full_reason, &mut |done, total| {
            eprint!("\r  {done}/{total} 户 / households");
        })
        .await;
    eprintln!();
    app.close().await;
    let rows = result.map_err(refused)?;
    use crate::domain::export;
    let bytes = if xlsx {
        export::xlsx("住户", &export::HOUSEHOLD_COLUMNS, &rows)
    } else {
        export::csv(&export::HOUSEHOLD_COLUMNS, &rows)
    }
    .map_err(Failure::runtime)?;
    crate::app::system::keys::write_private_file(out, &bytes)
        .map_err(|e| Failure::runtime(format!("无法写入 / cannot write {}: {e}", out.display())))?;
    println!("已导出 {} 人到 {} / exported {} people to {}", rows.len(), out.display(), rows.len(), out.display());
    Ok(())
}

pub(super) async fn grid(settings: Settings, action: &GridAction) -> Result<(), Failure> {
    let app = open_app(&settings).await?;
    let result = match action {
        GridAction::Add { community, number, name } => {
            let community = parse_community(community)?;
            app.add_grid(&Actor::cli(), &community, *number, name).await.map(|code| {
                println!("已创建网格 / created grid {code} {name}");
            })
        }
        GridAction::List { community } => {
            let community = parse_region(community)?;
            app.region(&community).await.map(|v| {
                for g in v.children {
                    println!("{}  {}", g.code, g.name);
                }
            })
        }
    };
    app.close().await;
    result.map_err(refused)
}
