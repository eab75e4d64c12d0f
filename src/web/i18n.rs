//! User-facing texts. Every text is a field of [`Texts`], so a language that
//! misses one does not compile. zh-CN first, English second.

use crate::app::region::Level;

/// A language linli speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 简体中文, the default.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The cookie and form value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Parses the cookie or form value.
    pub fn from_code(s: &str) -> Option<Lang> {
        match s {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best match for an `Accept-Language` header: the first of zh or en
    /// by quality; Chinese when nothing matches.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = if tag == "zh" || tag.starts_with("zh-") {
                Lang::Zh
            } else if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else {
                continue;
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Zh, |(_, l)| l)
    }

    /// The texts in this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

/// Every text of the page shell and the foundation's pages.
pub struct Texts {
    /// `lang` attribute of `<html>`.
    pub html_lang: &'static str,
    /// Product name.
    pub app_name: &'static str,
    /// One-line description.
    pub tagline: &'static str,
    /// Link that skips the header, for screen readers.
    pub skip_to_content: &'static str,
    /// Navigation: home.
    pub nav_home: &'static str,
    /// Navigation: API documentation.
    pub nav_api: &'static str,
    /// Label of the language switch button (names the other language).
    pub switch_lang: &'static str,
    /// The other language's code.
    pub other_lang: &'static str,
    /// Button that turns large text on.
    pub large_on: &'static str,
    /// Button that turns large text off.
    pub large_off: &'static str,
    /// Heading of the preferences group.
    pub prefs_label: &'static str,
    /// Home: welcome paragraph.
    pub home_intro: &'static str,
    /// Home: the demo communities heading.
    pub home_communities: &'static str,
    /// Home: the region browser heading.
    pub home_browse: &'static str,
    /// Region page: children heading.
    pub region_children: &'static str,
    /// Region page: no children.
    pub region_no_children: &'static str,
    /// Region page: code label.
    pub region_code: &'static str,
    /// Breadcrumb label.
    pub breadcrumb: &'static str,
    /// Error page: what to do next.
    pub error_next: &'static str,
    /// Error page: back to home.
    pub error_home: &'static str,
    /// Error page: the request id label, for support.
    pub error_request_id: &'static str,
    /// API docs page title.
    pub api_title: &'static str,
    /// API docs page intro.
    pub api_intro: &'static str,
    /// API docs: parameters heading.
    pub api_parameters: &'static str,
    /// API docs: responses heading.
    pub api_responses: &'static str,
    /// API docs: request body heading.
    pub api_body: &'static str,
    /// API docs: schemas heading.
    pub api_schemas: &'static str,
    /// Footer line.
    pub footer: &'static str,
    /// Names of region levels: province, city, district, street, community, grid, sub-grid.
    pub levels: [&'static str; 7],
    /// Link to sign in.
    pub nav_signin: &'static str,
    /// Sign-in page title.
    pub signin_title: &'static str,
    /// Sign-in: the login field.
    pub signin_login: &'static str,
    /// Sign-in: hint under the login field.
    pub signin_login_hint: &'static str,
    /// Sign-in: the password field.
    pub signin_password: &'static str,
    /// Sign-in: the button.
    pub signin_submit: &'static str,
    /// Sign-in: wrong login or password.
    pub signin_bad: &'static str,
    /// Sign-in: locked, with `{minutes}`.
    pub signin_locked: &'static str,
    /// Sign-in: this address tried too many.
    pub signin_address: &'static str,
    /// Sign-in: the account is disabled.
    pub signin_disabled: &'static str,
    /// Sign-in: the session had timed out.
    pub signin_expired: &'static str,
    /// Sign-in: the cookie was not valid.
    pub signin_invalid: &'static str,
    /// Sign-in: after a password change.
    pub signin_changed: &'static str,
    /// Account page title.
    pub account_title: &'static str,
    /// Account: the user name label.
    pub account_username: &'static str,
    /// Account: the phone label.
    pub account_phone: &'static str,
    /// Account: roles heading.
    pub account_roles: &'static str,
    /// Account: no roles.
    pub account_no_roles: &'static str,
    /// Account: session note for staff.
    pub account_staff_note: &'static str,
    /// Account: change password link.
    pub account_change_password: &'static str,
    /// Button: sign out.
    pub signout: &'static str,
    /// Button: sign out everywhere.
    pub signout_everywhere: &'static str,
    /// Password page title.
    pub password_title: &'static str,
    /// Password page: must change an initial password.
    pub password_forced: &'static str,
    /// Password page: rules.
    pub password_rules: &'static str,
    /// Password page: current password label.
    pub password_current: &'static str,
    /// Password page: new password label.
    pub password_new: &'static str,
    /// Password page: confirmation label.
    pub password_confirm: &'static str,
    /// Password page: button.
    pub password_submit: &'static str,
    /// Password page: the two new passwords differ.
    pub password_mismatch: &'static str,
    /// Password page: current password wrong.
    pub password_wrong: &'static str,
    /// Password page: same as before.
    pub password_same: &'static str,
    /// Audit page text.
    pub audit_title: &'static str,
    /// Audit page text.
    pub audit_intro: &'static str,
    /// Audit page text.
    pub audit_target: &'static str,
    /// Audit page text.
    pub audit_actor: &'static str,
    /// Audit page text.
    pub audit_action: &'static str,
    /// Audit page text.
    pub audit_from: &'static str,
    /// Audit page text.
    pub audit_until: &'static str,
    /// Audit page text.
    pub audit_search: &'static str,
    /// Audit page text.
    pub audit_export: &'static str,
    /// Audit page text.
    pub audit_none: &'static str,
    /// Audit page text.
    pub audit_time: &'static str,
    /// Audit page text.
    pub audit_detail: &'static str,
    /// Audit page text.
    pub audit_older: &'static str,
    /// Second-factor text.
    pub code_title: &'static str,
    /// Second-factor text.
    pub code_intro: &'static str,
    /// Second-factor text.
    pub code_label: &'static str,
    /// Second-factor text.
    pub totp_title: &'static str,
    /// Second-factor text.
    pub totp_intro: &'static str,
    /// Second-factor text.
    pub totp_key: &'static str,
    /// Second-factor text.
    pub totp_link: &'static str,
    /// Second-factor text.
    pub totp_submit: &'static str,
    /// Second-factor text.
    pub totp_enabled: &'static str,
    /// Second-factor text.
    pub totp_required: &'static str,
    /// Second-factor text.
    pub account_totp: &'static str,
    /// Household page text.
    pub households_title: &'static str,
    /// Household page text.
    pub households_intro: &'static str,
    /// Household page text.
    pub households_none: &'static str,
    /// Household page text.
    pub households_people: &'static str,
    /// Household page text.
    pub years_old: &'static str,
    /// Household page text.
    pub id_label: &'static str,
    /// Household page text.
    pub reveal_show: &'static str,
    /// Household page text.
    pub reveal_reason: &'static str,
    /// Household page text.
    pub reveal_placeholder: &'static str,
    /// Household page text.
    pub reveal_note: &'static str,
    /// Household page text.
    pub reveal_reason_needed: &'static str,
    /// Registration text.
    pub register_title: &'static str,
    /// Registration text.
    pub register_intro: &'static str,
    /// Registration text.
    pub register_name: &'static str,
    /// Registration text.
    pub register_phone: &'static str,
    /// Registration text.
    pub register_id: &'static str,
    /// Registration text.
    pub register_community: &'static str,
    /// Registration text.
    pub register_submit: &'static str,
    /// Registration text.
    pub register_done: &'static str,
    /// Registration text.
    pub register_name_needed: &'static str,
    /// Registration text.
    pub register_phone_bad: &'static str,
    /// Registration text.
    pub register_phone_taken: &'static str,
    /// Registration text.
    pub register_community_needed: &'static str,
    /// Registration text.
    pub register_link: &'static str,
    /// Registration text.
    pub mine_title: &'static str,
    /// Registration text.
    pub mine_none: &'static str,
    /// Registration text.
    pub queue_title: &'static str,
    /// Registration text.
    pub queue_none: &'static str,
    /// Registration text.
    pub queue_approve: &'static str,
    /// Registration text.
    pub queue_reject: &'static str,
    /// Import page text.
    pub import_title: &'static str,
    /// Import page text.
    pub import_intro: &'static str,
    /// Import page text.
    pub import_grid: &'static str,
    /// Import page text.
    pub import_file: &'static str,
    /// Import page text.
    pub import_dry_label: &'static str,
    /// Import page text.
    pub import_submit: &'static str,
    /// Import page text.
    pub import_refused: &'static str,
    /// Import page text.
    pub import_line: &'static str,
    /// Import page text.
    pub import_dry: &'static str,
    /// Import page text.
    pub import_rows: &'static str,
    /// Import page text.
    pub import_buildings: &'static str,
    /// Import page text.
    pub import_households: &'static str,
    /// Import page text.
    pub import_people: &'static str,
    /// Import page text.
    pub import_skipped: &'static str,
    /// Import page text.
    pub import_no_file: &'static str,
    /// Import page text.
    pub import_bad_grid: &'static str,
    /// Export text.
    pub export_masked: &'static str,
    /// Export text.
    pub export_full: &'static str,
    /// The full export's confirmation: what it does.
    pub export_full_warning: &'static str,
    /// The full export's confirmation: the password field.
    pub export_full_password: &'static str,
    /// The full export's confirmation: its button.
    pub export_full_confirm: &'static str,
    /// The full export's confirmation: the password was wrong.
    pub export_full_wrong_password: &'static str,
    /// QR text.
    pub qr_title: &'static str,
    /// QR text.
    pub qr_intro: &'static str,
    /// QR text.
    pub qr_scan: &'static str,
    /// QR text.
    pub building_workers: &'static str,
    /// QR text.
    pub building_no_worker: &'static str,
    /// The people pages' texts.
    pub people: &'static PeopleTexts,
    /// The registry tree's texts.
    pub place: &'static PlaceTexts,
    /// The events pages' texts.
    pub events: &'static EventTexts,
    /// Visits, proactive service, appointments, a resident's applications.
    pub care: &'static CareTexts,
    /// Bills, payments and receipts.
    pub bills: &'static BillTexts,
    /// The kiosk.
    pub kiosk: &'static KioskTexts,
}

impl Texts {
    /// The name of a region level.
    pub fn level(&self, level: &Level) -> &'static str {
        self.levels[match level {
            Level::Province => 0,
            Level::City => 1,
            Level::District => 2,
            Level::Street => 3,
            Level::Community => 4,
            Level::Grid => 5,
            Level::SubGrid => 6,
        }]
    }
}

static ZH: Texts = Texts {
    html_lang: "zh-CN",
    app_name: "邻里",
    tagline: "智慧社区服务平台",
    skip_to_content: "跳到正文",
    nav_home: "首页",
    nav_api: "接口文档",
    switch_lang: "English",
    other_lang: "en",
    large_on: "大字模式",
    large_off: "标准字号",
    prefs_label: "显示设置",
    home_intro: "让数据多跑路、居民少跑腿。社区服务、网格治理、便民缴费，都在家门口办。",
    home_communities: "演示社区",
    home_browse: "浏览辖区",
    region_children: "下辖",
    region_no_children: "暂无下级区划。",
    region_code: "统计用区划代码",
    breadcrumb: "位置",
    error_next: "请检查网址，或返回首页重新操作。如果问题一直存在，请联系社区工作人员，并告知下面的请求编号。",
    error_home: "返回首页",
    error_request_id: "请求编号",
    api_title: "接口文档",
    api_intro: "linli 的 JSON 接口位于 /api/v1，完整的 OpenAPI 3.1 描述见",
    api_parameters: "参数",
    api_responses: "响应",
    api_body: "请求体",
    api_schemas: "数据结构",
    footer: "邻里 linli · 智慧社区服务平台",
    levels: ["省", "市", "区县", "街道", "社区", "网格", "四级网格"],
    nav_signin: "登录",
    signin_title: "登录",
    signin_login: "用户名或手机号",
    signin_login_hint: "工作人员用用户名，居民用手机号。",
    signin_password: "密码",
    signin_submit: "登录",
    signin_bad: "账号或密码错误，请重新输入。",
    signin_locked: "登录失败次数过多，为保护账号安全已暂时锁定，请 {minutes} 分钟后再试。忘记密码请联系社区工作人员重置。",
    signin_address: "此网络地址尝试登录的次数过多，请 15 分钟后再试。",
    signin_disabled: "账号已停用，请联系社区工作人员。",
    signin_expired: "登录已超时，为保护居民信息，请重新登录。",
    signin_invalid: "登录状态无效，请重新登录。",
    signin_changed: "密码已修改，请用新密码登录。",
    account_title: "我的账号",
    account_username: "用户名",
    account_phone: "手机号",
    account_roles: "角色与管辖范围",
    account_no_roles: "暂无角色。",
    account_staff_note: "工作人员账号 30 分钟无操作会自动退出。",
    account_change_password: "修改密码",
    signout: "退出登录",
    signout_everywhere: "在所有设备上退出",
    password_title: "修改密码",
    password_forced: "这是工作人员发放的初始密码，请先设置自己的新密码。",
    password_rules: "至少 8 个字符；不能是常见密码；不能包含手机号、身份证号或用户名。",
    password_current: "当前密码",
    password_new: "新密码",
    password_confirm: "再输一次新密码",
    password_submit: "保存新密码",
    password_mismatch: "两次输入的新密码不一致。",
    password_wrong: "当前密码不对。",
    password_same: "新密码不能与当前密码相同。",
    audit_title: "审计日志",
    audit_intro: "登录、授权、个人信息查看与导出、登记信息的每一次变更都记录在此，按哈希链防篡改，至少保存 180 天。",
    audit_target: "对象（人或记录）",
    audit_actor: "操作人",
    audit_action: "操作",
    audit_from: "开始日期",
    audit_until: "结束日期",
    audit_search: "查询",
    audit_export: "导出 CSV",
    audit_none: "没有符合条件的记录。",
    audit_time: "时间",
    audit_detail: "详情",
    audit_older: "更早的记录",
    code_title: "输入动态码",
    code_intro: "密码正确。请打开手机上的身份验证器 App（如微信小程序“腾讯身份验证器”、Google Authenticator、Microsoft Authenticator），输入“邻里 linli”显示的 6 位数字。",
    code_label: "6 位动态码",
    totp_title: "两步验证",
    totp_intro: "开启后，登录时除密码外还需输入手机身份验证器 App 上的动态码，即使密码泄露，他人也无法登录。",
    totp_key: "在 App 中选择“手动输入密钥”，输入下面的密钥（账户名随意）：",
    totp_link: "在本机打开身份验证器 App 添加",
    totp_submit: "确认开启",
    totp_enabled: "两步验证已开启。如手机丢失，请联系系统管理员重置。",
    totp_required: "系统管理员要求工作人员账号开启两步验证，请先完成设置。",
    account_totp: "两步验证",
    households_title: "我的住户",
    households_intro: "只显示您管辖网格内的住户；身份证号和手机号已脱敏。",
    households_none: "您的管辖范围内还没有住户。",
    households_people: "人",
    years_old: "岁",
    id_label: "身份证",
    reveal_show: "查看完整身份证号",
    reveal_reason: "查看原因",
    reveal_placeholder: "如：代办养老保险",
    reveal_note: "查看会记录在审计日志中（谁、何时、为什么）。",
    reveal_reason_needed: "请填写查看原因（2–200 个字）。",
    register_title: "居民注册",
    register_intro: "填写与身份证一致的姓名和身份证号。与社区登记信息一致的，注册后立即可用；否则由社区工作人员核实后开通。",
    register_name: "姓名",
    register_phone: "手机号（用于登录）",
    register_id: "身份证号",
    register_community: "所在社区",
    register_submit: "注册",
    register_done: "已提交，社区工作人员核实后即可用手机号登录。",
    register_name_needed: "请填写姓名（不超过 32 个字）。",
    register_phone_bad: "手机号应为 11 位数字，以 1 开头。",
    register_phone_taken: "该手机号已注册，请直接登录；忘记密码请联系社区工作人员。",
    register_community_needed: "请选择所在社区。",
    register_link: "还没有账号？居民注册",
    mine_title: "我的家庭",
    mine_none: "您的账号还没有关联到社区登记的住户，请联系社区工作人员。",
    queue_title: "待核实的居民注册",
    queue_none: "没有待核实的注册。",
    queue_approve: "核实通过",
    queue_reject: "不通过",
    import_title: "导入居民",
    import_intro: "上传社区的居民表（Excel 的 XLSX，或 UTF-8/GBK 编码的 CSV）。需要“楼栋”“房号”“姓名”“身份证号”列，可有“单元”“联系电话”“与户主关系”“标签”“民族”“政治面貌”“人口类型”“工作单位”“证件类型”。有一行出错则全部不导入，并列出每一行的问题，可下载问题清单。",
    import_grid: "网格编码",
    import_file: "居民表文件",
    import_dry_label: "试运行（只检查，不写入）",
    import_submit: "上传并导入",
    import_refused: "以下各行有问题，未导入任何数据。请改正后重新上传：",
    import_line: "第 {n} 行",
    import_dry: "试运行，未写入：",
    import_rows: "行数",
    import_buildings: "新楼栋",
    import_households: "新户",
    import_people: "新增人员",
    import_skipped: "已登记跳过",
    import_no_file: "请选择要上传的 CSV 文件（不超过 20 MB）。",
    import_bad_grid: "网格编码不对，或不在您的管辖范围内。",
    export_masked: "导出（脱敏）CSV",
    export_full: "导出完整信息",
    export_full_warning: "完整导出包含您所负责住户的完整身份证号和手机号。请填写原因，并再次输入您的登录密码确认；导出会记录在审计日志中。",
    export_full_password: "您的登录密码",
    export_full_confirm: "确认导出完整信息",
    export_full_wrong_password: "密码不正确，未导出。",
    qr_title: "楼栋二维码",
    qr_intro: "打印后贴在各楼栋单元门口。居民扫码即可找到本楼的网格员、注册和办事。",
    qr_scan: "扫码找网格员、办事",
    building_workers: "本楼网格员",
    building_no_worker: "本网格暂未安排网格员，请联系社区。",
    people: &PEOPLE_ZH,
    place: &PLACE_ZH,
    events: &EVENTS_ZH,
    care: &CARE_ZH,
    bills: &BILLS_ZH,
    kiosk: &KIOSK_ZH,
};

static EN: Texts = Texts {
    html_lang: "en",
    app_name: "linli",
    tagline: "Smart community services",
    skip_to_content: "Skip to content",
    nav_home: "Home",
    nav_api: "API docs",
    switch_lang: "中文",
    other_lang: "zh",
    large_on: "Large text",
    large_off: "Standard text",
    prefs_label: "Display settings",
    home_intro: "Let data make the trip instead of residents. Community services, grid management and bill payment, next door.",
    home_communities: "Demo communities",
    home_browse: "Browse the area",
    region_children: "Below",
    region_no_children: "No subdivisions.",
    region_code: "Statistical division code",
    breadcrumb: "Location",
    error_next: "Check the address, or go back to the home page and try again. If it keeps happening, contact the community staff and quote the request number below.",
    error_home: "Back to home",
    error_request_id: "Request number",
    api_title: "API documentation",
    api_intro: "linli's JSON API lives under /api/v1; the full OpenAPI 3.1 description is at",
    api_parameters: "Parameters",
    api_responses: "Responses",
    api_body: "Request body",
    api_schemas: "Schemas",
    footer: "linli · smart community platform",
    levels: ["Province", "City", "District", "Street", "Community", "Grid", "Sub-grid"],
    nav_signin: "Sign in",
    signin_title: "Sign in",
    signin_login: "User name or mobile number",
    signin_login_hint: "Staff use their user name, residents their mobile number.",
    signin_password: "Password",
    signin_submit: "Sign in",
    signin_bad: "Wrong login or password; please try again.",
    signin_locked: "Too many failed sign-ins: the account is locked for {minutes} more minutes. If you forgot the password, ask the community staff to reset it.",
    signin_address: "Too many sign-in attempts from this network address; try again in 15 minutes.",
    signin_disabled: "This account is disabled; contact the community staff.",
    signin_expired: "Your session ended to protect residents' data; please sign in again.",
    signin_invalid: "Your sign-in was not valid; please sign in again.",
    signin_changed: "Password changed; sign in with the new one.",
    account_title: "My account",
    account_username: "User name",
    account_phone: "Mobile number",
    account_roles: "Roles and areas",
    account_no_roles: "No roles yet.",
    account_staff_note: "Staff accounts are signed out after 30 minutes without activity.",
    account_change_password: "Change password",
    signout: "Sign out",
    signout_everywhere: "Sign out on every device",
    password_title: "Change password",
    password_forced: "This is an initial password from the staff: choose your own first.",
    password_rules: "At least 8 characters; not a common password; not containing your phone, ID number or user name.",
    password_current: "Current password",
    password_new: "New password",
    password_confirm: "New password again",
    password_submit: "Save new password",
    password_mismatch: "The two new passwords differ.",
    password_wrong: "The current password is wrong.",
    password_same: "The new password must differ from the current one.",
    audit_title: "Audit log",
    audit_intro: "Every sign-in, grant, full view and export of personal data and registry change is recorded here, hash-chained against tampering and kept at least 180 days.",
    audit_target: "Target (person or record)",
    audit_actor: "Actor",
    audit_action: "Action",
    audit_from: "From",
    audit_until: "Until",
    audit_search: "Search",
    audit_export: "Export CSV",
    audit_none: "No matching entries.",
    audit_time: "Time",
    audit_detail: "Detail",
    audit_older: "Older entries",
    code_title: "Enter your code",
    code_intro: "Password accepted. Open the authenticator app on your phone and enter the 6 digits it shows for 邻里 linli.",
    code_label: "6-digit code",
    totp_title: "Two-step sign-in",
    totp_intro: "With it on, signing in needs the code from an authenticator app on your phone as well as the password, so a leaked password alone is not enough.",
    totp_key: "In the app choose “enter a setup key” and type this key:",
    totp_link: "Add it to an authenticator app on this device",
    totp_submit: "Turn it on",
    totp_enabled: "Two-step sign-in is on. If you lose your phone, ask the system admin to reset it.",
    totp_required: "The system admin requires two-step sign-in for staff accounts: set it up first.",
    account_totp: "Two-step sign-in",
    households_title: "My households",
    households_intro: "Only the households of your grids; ID and phone numbers are masked.",
    households_none: "No households in your area yet.",
    households_people: "people",
    years_old: " yrs",
    id_label: "ID",
    reveal_show: "Show the full ID number",
    reveal_reason: "Reason",
    reveal_placeholder: "e.g. pension application on their behalf",
    reveal_note: "This is recorded in the audit log (who, when, why).",
    reveal_reason_needed: "Give a reason (2–200 characters).",
    register_title: "Register as a resident",
    register_intro: "Give your name and ID number as on your ID card. If they match the community's records you can use your account at once; otherwise the community staff verify it first.",
    register_name: "Name",
    register_phone: "Mobile number (your sign-in)",
    register_id: "ID number",
    register_community: "Your community",
    register_submit: "Register",
    register_done: "Submitted. Once the community staff verify it, sign in with your mobile number.",
    register_name_needed: "Enter your name (up to 32 characters).",
    register_phone_bad: "A mobile number has 11 digits and starts with 1.",
    register_phone_taken: "This mobile number already has an account: sign in, or ask the community staff to reset the password.",
    register_community_needed: "Choose your community.",
    register_link: "No account yet? Register as a resident",
    mine_title: "My household",
    mine_none: "Your account is not linked to a registered household yet; ask the community staff.",
    queue_title: "Registrations to verify",
    queue_none: "Nothing waits for verification.",
    queue_approve: "Approve",
    queue_reject: "Reject",
    import_title: "Import residents",
    import_intro: "Upload the community's residents sheet (Excel XLSX, or CSV in UTF-8 or GBK). Columns 楼栋, 房号, 姓名, 身份证号 are needed; 单元, 联系电话, 与户主关系, 标签, 民族, 政治面貌, 人口类型, 工作单位, 证件类型 are optional. One bad row and nothing is imported; every problem is listed with its line and can be downloaded.",
    import_grid: "Grid code",
    import_file: "Sheet",
    import_dry_label: "Dry run (check only, write nothing)",
    import_submit: "Upload and import",
    import_refused: "These rows have problems; nothing was imported. Fix them and upload again:",
    import_line: "Line {n}",
    import_dry: "Dry run, nothing written:",
    import_rows: "rows",
    import_buildings: "new buildings",
    import_households: "new households",
    import_people: "people added",
    import_skipped: "already registered",
    import_no_file: "Choose a CSV file to upload (up to 20 MB).",
    import_bad_grid: "This grid code is wrong or outside your area.",
    export_masked: "Export CSV (masked)",
    export_full: "Export with full details",
    export_full_warning: "A full export holds the whole ID numbers and phone numbers of the households you look after. Give a reason and type your sign-in password again to confirm; the export is recorded in the audit log.",
    export_full_password: "Your sign-in password",
    export_full_confirm: "Confirm the full export",
    export_full_wrong_password: "Wrong password: nothing was exported.",
    qr_title: "Building QR codes",
    qr_intro: "Print and post at each building's entrance. Residents scan to find their grid worker, register and get services.",
    qr_scan: "Scan for your grid worker and services",
    building_workers: "Grid workers for this building",
    building_no_worker: "No grid worker is assigned yet; contact the community.",
    people: &PEOPLE_EN,
    place: &PLACE_EN,
    events: &EVENTS_EN,
    care: &CARE_EN,
    bills: &BILLS_EN,
    kiosk: &KIOSK_EN,
};

/// Texts of the people pages (search, a person's page).
pub struct PeopleTexts {
    /// People text.
    pub title: &'static str,
    /// People text.
    pub intro: &'static str,
    /// People text.
    pub search: &'static str,
    /// People text.
    pub none: &'static str,
    /// People text.
    pub results: &'static str,
    /// People text.
    pub address: &'static str,
    /// People text.
    pub status: &'static str,
    /// People text.
    pub facts: &'static str,
    /// People text.
    pub id_type: &'static str,
    /// People text.
    pub ethnicity: &'static str,
    /// People text.
    pub political: &'static str,
    /// People text.
    pub residency: &'static str,
    /// People text.
    pub employment: &'static str,
    /// People text.
    pub relation: &'static str,
    /// People text.
    pub tags: &'static str,
    /// People text.
    pub phone: &'static str,
    /// People text.
    pub name: &'static str,
    /// People text.
    pub birth: &'static str,
    /// People text.
    pub registered: &'static str,
    /// People text.
    pub household: &'static str,
    /// People text.
    pub history: &'static str,
    /// People text.
    pub history_none: &'static str,
    /// People text.
    pub edit: &'static str,
    /// People text.
    pub save: &'static str,
    /// People text.
    pub saved: &'static str,
    /// People text.
    pub unchanged: &'static str,
    /// People text.
    pub leave: &'static str,
    /// People text.
    pub leave_moved: &'static str,
    /// People text.
    pub leave_died: &'static str,
    /// People text.
    pub reason: &'static str,
    /// People text.
    pub move_house: &'static str,
    /// People text.
    pub move_to: &'static str,
    /// People text.
    pub move_ambiguous: &'static str,
    /// People text.
    pub kind_update: &'static str,
    /// People text.
    pub kind_move_out: &'static str,
    /// People text.
    pub kind_death: &'static str,
    /// People text.
    pub kind_move: &'static str,
    /// People text.
    pub kind_move_in: &'static str,
    /// People text.
    pub read_only: &'static str,
    /// People text.
    pub find: &'static str,
    /// People text.
    pub grid: &'static str,
    /// People text.
    pub all_grids: &'static str,
    /// People text.
    pub filter: &'static str,
    /// People text.
    pub total: &'static str,
    /// People text.
    pub pages: &'static str,
    /// People text.
    pub prev: &'static str,
    /// People text.
    pub next: &'static str,
    /// People text.
    pub stats: &'static str,
    /// People text.
    pub grids: &'static str,
    /// People text.
    pub households_n: &'static str,
    /// People text.
    pub people_n: &'static str,
    /// People text.
    pub by_age: &'static str,
    /// People text.
    pub by_sex: &'static str,
    /// People text.
    pub report: &'static str,
    /// People text.
    pub updated: &'static str,
    /// People text.
    pub existing: &'static str,
    /// People text.
    pub existing_skip: &'static str,
    /// People text.
    pub existing_update: &'static str,
    /// People text.
    pub export_xlsx: &'static str,
    /// People text.
    pub more: &'static str,
    /// People text.
    pub phone_note: &'static str,
    /// People text.
    pub phone_remove: &'static str,
}

static PEOPLE_ZH: PeopleTexts = PeopleTexts {
    title: "查找居民",
    intro: "输入姓名、拼音（如 wle）、完整身份证号或“姓名 + 身份证后 4 位”（如 王丽娥 0011）、手机号或后 4 位，或楼栋房号（如 3号楼 101）。",
    search: "搜索",
    none: "没有找到符合条件的居民（只在您负责的范围内查找）。",
    results: "条结果",
    address: "住址",
    status: "状态",
    facts: "基本信息",
    id_type: "证件类型",
    ethnicity: "民族",
    political: "政治面貌",
    residency: "人口类型",
    employment: "工作单位/就业",
    relation: "与户主关系",
    tags: "标签",
    phone: "联系电话",
    name: "姓名",
    birth: "出生日期",
    registered: "登记时间",
    household: "所在住户",
    history: "变更记录",
    history_none: "登记以来没有变更。",
    edit: "修改信息",
    save: "保存",
    saved: "已保存，变更已记入记录。",
    unchanged: "没有修改任何内容。",
    leave: "迁出或死亡登记",
    leave_moved: "迁出",
    leave_died: "死亡",
    reason: "原因或依据",
    move_house: "迁至本社区其他房屋",
    move_to: "目标房屋（楼栋 房号，如 3号楼 101）",
    move_ambiguous: "找不到唯一的目标房屋，请写出楼栋全名和房号。",
    kind_update: "信息修改",
    kind_move_out: "迁出",
    kind_death: "死亡",
    kind_move: "迁居",
    kind_move_in: "迁入登记",
    read_only: "您可以查看此人，但只有负责该网格的工作人员可以修改。",
    find: "查找居民",
    grid: "网格",
    all_grids: "全部网格",
    filter: "筛选",
    total: "户数：",
    pages: "翻页",
    prev: "上一页",
    next: "下一页",
    stats: "统计",

    grids: "网格数",
    households_n: "户数",
    people_n: "人数（在住）",
    by_age: "年龄段",
    by_sex: "性别",
    report: "下载问题清单（XLSX）",
    updated: "更新",
    existing: "已登记的人（按身份证号）",
    existing_skip: "跳过，保持原样",
    existing_update: "用表中信息更新（住址不变，变更记入记录）",
    export_xlsx: "导出 XLSX（隐藏敏感信息）",
    more: "只显示前 50 条，请输入更多信息缩小范围。",
    phone_note: "号码已隐藏；留空则保持不变，填写则替换。",
    phone_remove: "删除手机号",
};

static PEOPLE_EN: PeopleTexts = PeopleTexts {
    title: "Find a resident",
    intro: "Type a name, pinyin (e.g. wle), a whole ID number or a name with its last 4 (e.g. 王丽娥 0011), a phone or its last 4, or an address (e.g. 3号楼 101).",
    search: "Search",
    none: "Nobody found (only within your area).",
    results: "results",
    address: "Address",
    status: "Status",
    facts: "Details",
    id_type: "ID type",
    ethnicity: "Ethnicity",
    political: "Political status",
    residency: "Residency",
    employment: "Work or school",
    relation: "Relation to head",
    tags: "Tags",
    phone: "Phone",
    name: "Name",
    birth: "Born",
    registered: "Registered",
    household: "Household",
    history: "History",
    history_none: "No changes since registration.",
    edit: "Edit details",
    save: "Save",
    saved: "Saved; the change is on the history.",
    unchanged: "Nothing was changed.",
    leave: "Record moving out or death",
    leave_moved: "Moved out",
    leave_died: "Died",
    reason: "Reason or evidence",
    move_house: "Move to another house in this community",
    move_to: "Target house (building and room, e.g. 3号楼 101)",
    move_ambiguous: "No single house matches; give the full building name and room.",
    kind_update: "Details changed",
    kind_move_out: "Moved out",
    kind_death: "Died",
    kind_move: "Moved house",
    kind_move_in: "Moved in",
    read_only: "You may view this person; only staff who work this grid may change the record.",
    find: "Find a resident",
    grid: "Grid",
    all_grids: "All grids",
    filter: "Filter",
    total: "Households:",
    pages: "Pages",
    prev: "Previous",
    next: "Next",
    stats: "Statistics",
    grids: "Grids",
    households_n: "Households",
    people_n: "People (living here)",
    by_age: "Age bands",
    by_sex: "Sex",
    report: "Download the bad rows (XLSX)",
    updated: "updated",
    existing: "People already registered (by ID number)",
    existing_skip: "Skip them, leave as they are",
    existing_update: "Update their details from the sheet (address unchanged; changes recorded)",
    export_xlsx: "Export XLSX (masked)",
    more: "Only the first 50 are shown; type more to narrow it down.",
    phone_note: "The number is hidden; leave empty to keep it, type one to replace it.",
    phone_remove: "Remove the phone",
};

/// Texts of the registry tree (regions, grids, buildings, organisations).
pub struct PlaceTexts {
    /// Registry text.
    pub title: &'static str,
    /// Registry text.
    pub children: &'static str,
    /// Registry text.
    pub households_n: &'static str,
    /// Registry text.
    pub buildings: &'static str,
    /// Registry text.
    pub no_buildings: &'static str,
    /// Registry text.
    pub workers: &'static str,
    /// Registry text.
    pub no_workers: &'static str,
    /// Registry text.
    pub boundary: &'static str,
    /// Registry text.
    pub no_boundary: &'static str,
    /// Registry text.
    pub boundary_hint: &'static str,
    /// Registry text.
    pub save: &'static str,
    /// Registry text.
    pub saved: &'static str,
    /// Registry text.
    pub orgs: &'static str,
    /// Registry text.
    pub no_orgs: &'static str,
    /// Registry text.
    pub org_add: &'static str,
    /// Registry text.
    pub org_name: &'static str,
    /// Registry text.
    pub org_kind: &'static str,
    /// Registry text.
    pub org_address: &'static str,
    /// Registry text.
    pub org_contact: &'static str,
    /// Registry text.
    pub org_phone: &'static str,
    /// Registry text.
    pub org_licence: &'static str,
    /// Registry text.
    pub org_close: &'static str,
    /// Registry text.
    pub org_closed: &'static str,
    /// Registry text.
    pub tagged: &'static str,
    /// Registry text.
    pub no_tagged: &'static str,
    /// Registry text.
    pub houses: &'static str,
    /// Registry text.
    pub house_use: &'static str,
    /// Registry text.
    pub area: &'static str,
    /// Registry text.
    pub empty: &'static str,
    /// Registry text.
    pub move_grid: &'static str,
    /// Registry text.
    pub qr: &'static str,
    /// Registry text.
    /// Registry text.
    pub add_grid: &'static str,
    /// Registry text.
    pub grid_number: &'static str,
    /// Registry text.
    pub grid_name: &'static str,
    /// Registry text.
    pub add_building: &'static str,
    /// Registry text.
    pub building_name: &'static str,
    /// Registry text.
    pub move_in_household: &'static str,
    /// Registry text.
    pub move_in_person: &'static str,
    /// Registry text.
    pub unit: &'static str,
    /// Registry text.
    pub room: &'static str,
    /// Registry text.
    pub id_number: &'static str,
    /// Registry text.
    pub relation: &'static str,
    /// Registry text.
    pub tags: &'static str,
    /// Registry text.
    pub name: &'static str,
    /// Registry text.
    pub phone: &'static str,
    /// Registry text.
    pub passport_only: &'static str,
    /// Registry text.
    pub sex: &'static str,
    /// Registry text.
    pub assign: &'static str,
    pub stats: &'static str,
    /// Registry text.
    pub job_running: &'static str,
    /// Registry text.
    pub job_ready: &'static str,
    /// Registry text.
    pub job_download: &'static str,
    /// Registry text.
    pub job_export: &'static str,

    /// Registry text.
    pub team: &'static str,
    /// Registry text.
    pub no_team: &'static str,
    /// Registry text.
    pub team_add: &'static str,
    /// Registry text.
    pub team_role: &'static str,
    /// Registry text.
    pub team_name: &'static str,
    /// Registry text.
    pub team_phone: &'static str,
    /// Registry text.
    pub team_leave: &'static str,
    /// Registry text.
    pub teams: &'static str,
}

static PLACE_ZH: PlaceTexts = PlaceTexts {
    title: "居民档案（一标三实）",
    children: "下级",
    households_n: "户",
    buildings: "楼栋",
    no_buildings: "本网格还没有登记楼栋。",
    workers: "网格员",
    no_workers: "暂未安排网格员。",
    boundary: "网格边界（GeoJSON 多边形）",
    no_boundary: "尚未划定边界。",
    boundary_hint: "粘贴 GeoJSON Polygon，留空则清除。",
    save: "保存",
    saved: "已保存。",
    orgs: "实有单位",
    no_orgs: "暂无登记的单位。",
    org_add: "登记单位",
    org_name: "名称",
    org_kind: "类型",
    org_address: "地址",
    org_contact: "联系人",
    org_phone: "联系电话",
    org_licence: "统一社会信用代码（可空）",
    org_close: "注销",
    org_closed: "已注销",
    tagged: "重点人群",
    no_tagged: "本网格没有带标签的人员。",
    houses: "房屋",
    house_use: "用途",
    area: "面积（㎡）",
    empty: "无人登记",
    move_grid: "移至其他网格",
    qr: "楼栋二维码",
    add_grid: "新建网格",
    grid_number: "网格编号（1–999）",
    grid_name: "网格名称",
    add_building: "新增楼栋",
    building_name: "楼栋名称",
    move_in_household: "登记迁入住户",
    move_in_person: "登记迁入人员",
    unit: "单元",
    room: "房号",
    id_number: "身份证号",
    relation: "与户主关系",
    tags: "标签（用、分隔）",
    name: "姓名",
    phone: "手机号",
    passport_only: "仅护照需填写（身份证号已含出生日期和性别）",
    sex: "性别",
    assign: "安排网格员（账号用户名或手机号）",
    stats: "统计",
    job_running: "正在处理，本页每秒自动刷新……",
    job_ready: "已生成：",
    job_download: "下载文件",
    job_export: "导出",
    team: "网格服务治理团队",
    no_team: "尚未组建团队。",
    team_add: "加入团队",
    team_role: "角色",
    team_name: "姓名",
    team_phone: "电话",
    team_leave: "离开团队",
    teams: "网格团队数",
};

static PLACE_EN: PlaceTexts = PlaceTexts {
    title: "Registry",
    children: "Below",
    households_n: "households",
    buildings: "Buildings",
    no_buildings: "No buildings are registered in this grid yet.",
    workers: "Grid workers",
    no_workers: "No grid worker assigned yet.",
    boundary: "Grid boundary (GeoJSON polygon)",
    no_boundary: "No boundary drawn yet.",
    boundary_hint: "Paste a GeoJSON Polygon; leave empty to clear.",
    save: "Save",
    saved: "Saved.",
    orgs: "Organisations",
    no_orgs: "No organisations registered.",
    org_add: "Register an organisation",
    org_name: "Name",
    org_kind: "Kind",
    org_address: "Address",
    org_contact: "Contact",
    org_phone: "Phone",
    org_licence: "Unified social credit code (optional)",
    org_close: "Close",
    org_closed: "closed",
    tagged: "Special groups",
    no_tagged: "Nobody in this grid carries a tag.",
    houses: "Houses",
    house_use: "Use",
    area: "Area (m²)",
    empty: "nobody registered",
    move_grid: "Move to another grid",
    qr: "Building QR codes",
    add_grid: "New grid",
    grid_number: "Grid number (1–999)",
    grid_name: "Grid name",
    add_building: "New building",
    building_name: "Building name",
    move_in_household: "Register a household moving in",
    move_in_person: "Register a person moving in",
    unit: "Unit",
    room: "Room",
    id_number: "ID number",
    relation: "Relation to head",
    tags: "Tags (separated by 、)",
    name: "Name",
    phone: "Mobile",
    passport_only: "For a passport only (an ID number carries these)",
    sex: "Sex",
    assign: "Assign a grid worker (user name or phone)",
    stats: "Statistics",
    job_running: "Working; this page refreshes every second…",
    job_ready: "Ready:",
    job_download: "Download the file",
    job_export: "Export",
    team: "Grid service team",
    no_team: "No team yet.",
    team_add: "Add a member",
    team_role: "Role",
    team_name: "Name",
    team_phone: "Phone",
    team_leave: "Remove",
    teams: "Grid teams",
};

/// Texts of the events pages (report, follow, handle).
pub struct EventTexts {
    /// Events text.
    pub report_title: &'static str,
    /// Events text.
    pub report_intro: &'static str,
    /// Events text.
    pub category: &'static str,
    /// Events text.
    pub text: &'static str,
    /// Events text.
    pub community: &'static str,
    /// Events text.
    pub name: &'static str,
    /// Events text.
    pub phone: &'static str,
    /// Events text.
    pub submit: &'static str,
    /// Events text.
    pub track_title: &'static str,
    /// Events text.
    pub track_code: &'static str,
    /// Events text.
    pub track_lookup: &'static str,
    /// Events text.
    pub track_intro: &'static str,
    /// Events text.
    pub list_title: &'static str,
    /// Events text.
    pub all_states: &'static str,
    /// Events text.
    pub none: &'static str,
    /// Events text.
    pub act: &'static str,
    /// Events text.
    pub action: &'static str,
    /// Events text.
    pub reason: &'static str,
    /// Events text.
    pub hours: &'static str,
    /// Events text.
    pub handler: &'static str,
    /// Events text.
    pub satisfaction: &'static str,
    /// Events text.
    pub of: &'static str,
    /// Events text.
    pub rework: &'static str,
    /// Events text.
    pub timeline: &'static str,
    /// Events text.
    pub report_here: &'static str,
    /// Events text.
    pub internal: &'static str,
    /// Events text.
    pub maybe_same: &'static str,
    /// Events text.
    pub inbox: &'static str,
    /// Events text.
    pub inbox_empty: &'static str,
    /// Events text.
    pub photos: &'static str,
    /// Too many reports from one address.
    pub too_many: &'static str,
    /// A resident's own reports.
    pub mine: &'static str,
    /// Services: hall title, intro, materials, days, steps, track title, code, phone, look up, not found, proxy,
    /// consent to 代办, apply, phone left empty for 代办.
    pub services: [&'static str; 14],
    /// Applications: list title, promised by, applicant, what is missing.
    pub applications: [&'static str; 4],
    /// Applications' state tabs: (stored state, label).
    pub application_states: [(&'static str, &'static str); 6],
    /// Applications' actions: (key, label).
    pub application_actions: [(&'static str, &'static str); 7],
    /// Category admin: title, intro, code, name, handler, hours, class, active, save, saved.
    pub categories: [&'static str; 10],
    /// Measures page title.
    pub measures: &'static str,
    /// Measures: how to group (key, label).
    pub measure_by: [(&'static str, &'static str); 5],
    /// Measures: the table's headings.
    pub measure_columns: [&'static str; 10],
    /// Measures: the step-time table's title and headings.
    pub step_times: [&'static str; 4],
    /// Measures: from, to, show.
    pub period: [&'static str; 3],
    /// The board's views: (key, label).
    pub views: [(&'static str, &'static str); 5],
    /// Bulk dispatch: title, button.
    pub bulk: [&'static str; 2],
    /// The workflow's actions: (key, label).
    pub actions: [(&'static str, &'static str); 12],
    /// The states' names, in `domain::event::ALL` order.
    pub states: [&'static str; 11],
}

static EVENTS_ZH: EventTexts = EventTexts {
    report_title: "反映问题",
    report_intro: "选类别，说几句话，提交。我们会按时限处理，并用查询码告诉您进展。",
    category: "类别",
    text: "情况说明",
    community: "所在社区",
    name: "称呼（可不填）",
    phone: "手机号（未登录时必填，用于回访）",
    submit: "提交",
    track_title: "诉求进展",
    track_code: "查询码",
    track_lookup: "查询",
    track_intro: "凭查询码查看进展，无需登录。",
    list_title: "诉求事件",
    all_states: "全部状态",
    none: "没有诉求。",
    act: "办理",
    action: "操作",
    reason: "原因或办理情况",
    hours: "时限（小时）",
    handler: "处置人或部门",
    satisfaction: "回访结果",
    of: "重复的查询码",
    rework: "返工次数",
    timeline: "办理过程",
    report_here: "在此楼反映问题",
    internal: "内部",
    maybe_same: "可能与这些近 7 天的诉求重复（可标为重复）：",
    inbox: "消息",
    inbox_empty: "没有消息。",
    photos: "照片（可不传，最多 3 张，JPEG/PNG/WebP，每张 10 MB 以内）",
    too_many: "本地址近一小时上报次数过多，请稍后再试，或直接联系社区服务中心。",
    mine: "我反映的问题",
    services: [
        "便民服务大厅",
        "少跑一趟路、少走一扇门：下列事项可在社区办理，行动不便的可由工作人员上门或代办。",
        "所需材料",
        "承诺时限（工作日）",
        "办理环节",
        "办事进度查询",
        "查询码",
        "申请时留的手机号",
        "查询",
        "没有找到：请核对查询码和手机号",
        "工作人员代办",
        "代办：居民的同意方式",
        "申请",
        "留空则用登记的手机号",
    ],
    applications: ["办事申请", "承诺办结", "申请人", "需补正的材料（用顿号或逗号分隔）"],
    application_states: [
        ("", "全部"),
        ("submitted", "待受理"),
        ("returned", "退回补正"),
        ("in_step", "办理中"),
        ("approved", "已办结待送达"),
        ("delivered", "已送达"),
    ],
    application_actions: [
        ("accept", "受理"),
        ("return", "退回补正"),
        ("resubmit", "补正后重新提交"),
        ("pass", "本环节通过"),
        ("approve", "办结：准予"),
        ("refuse", "办结：不予"),
        ("deliver", "送达/领取"),
    ],
    categories: [
        "诉求类别",
        "类别树对全区各社区通用。处置部门可填 community_staff（社区工作人员）、property（物业服务企业）、police_office（社区警务室）、mediation（人民调解委员会）、street_enforcement（街道综合执法队），或直接写部门名称。",
        "代码",
        "名称",
        "处置部门",
        "时限（小时）",
        "分类",
        "启用",
        "保存",
        "已保存",
    ],
    measures: "诉求统计",
    measure_by: [
        ("grid", "按网格"),
        ("community", "按社区"),
        ("street", "按街道"),
        ("handler", "按处置人/部门"),
        ("category", "按类别"),
    ],
    measure_columns: ["名称", "上报", "受理", "结案", "结案率", "按期结案率", "超期", "返工率", "回访", "满意率"],
    step_times: ["各环节平均用时", "环节", "次数", "平均用时（小时）"],
    period: ["开始日期", "结束日期", "统计"],
    views: [
        ("", "全部"),
        ("board", "待办（待受理、待派遣）"),
        ("mine", "我的任务（按时限）"),
        ("late", "超期"),
        ("rework", "返工"),
    ],
    bulk: ["批量派遣", "派遣所选"],
    actions: [
        ("accept", "受理"),
        ("reject", "不予受理"),
        ("duplicate", "标为重复"),
        ("dispatch", "派遣"),
        ("transfer", "转办"),
        ("return", "退回"),
        ("start", "开始处置"),
        ("feedback", "处置反馈"),
        ("pass", "核查通过"),
        ("fail", "核查不通过（返工）"),
        ("visit", "回访"),
        ("reopen", "重新处置"),
    ],
    states: [
        "已上报",
        "已受理",
        "不予受理",
        "重复诉求",
        "已派遣",
        "处置中",
        "已处置，待核查",
        "已结案",
        "已回访：满意",
        "已回访：基本满意",
        "已回访：不满意",
    ],
};

static EVENTS_EN: EventTexts = EventTexts {
    report_title: "Report a problem",
    report_intro: "Pick a category, say a few words, send. We handle it on time; follow it with the tracking code.",
    category: "Category",
    text: "What happened",
    community: "Community",
    name: "Your name (optional)",
    phone: "Mobile (needed when not signed in, for the follow-up call)",
    submit: "Send",
    track_title: "Progress of your report",
    track_code: "Tracking code",
    track_lookup: "Look up",
    track_intro: "Follow a report by its tracking code, without signing in.",
    list_title: "Reports",
    all_states: "All states",
    none: "No reports.",
    act: "Act",
    action: "Action",
    reason: "Reason, or what was done",
    hours: "Deadline (hours)",
    handler: "Handler (person or department)",
    satisfaction: "Follow-up result",
    of: "Tracking code it repeats",
    rework: "Rework",
    timeline: "Timeline",
    report_here: "Report a problem in this building",
    internal: "internal",
    maybe_same: "May repeat these reports of the last 7 days (mark as duplicate):",
    inbox: "Messages",
    inbox_empty: "No messages.",
    photos: "Photos (optional, up to 3, JPEG/PNG/WebP, 10 MB each)",
    too_many: "Too many reports from this address in the last hour. Please try later or call the community centre.",
    mine: "My reports",
    services: [
        "Service hall",
        "One trip less, one door less: these matters are handled at the community; staff come to the door or apply for you if you cannot come.",
        "Materials",
        "Promised (working days)",
        "Steps",
        "Follow an application",
        "Query code",
        "The phone you applied with",
        "Look up",
        "Not found: check the query code and the phone",
        "Applied for by staff",
        "Proxy: how the resident agreed",
        "Apply",
        "Empty: the registered phone",
    ],
    applications: ["Applications", "Promised by", "Applicant", "Missing materials (comma-separated)"],
    application_states: [
        ("", "All"),
        ("submitted", "To accept"),
        ("returned", "Returned"),
        ("in_step", "In progress"),
        ("approved", "Approved, to deliver"),
        ("delivered", "Delivered"),
    ],
    application_actions: [
        ("accept", "Accept"),
        ("return", "Return for materials"),
        ("resubmit", "Resubmitted"),
        ("pass", "Step passed"),
        ("approve", "Approve"),
        ("refuse", "Refuse"),
        ("deliver", "Delivered / collected"),
    ],
    categories: [
        "Event categories",
        "One tree for every community of the district. The handler is community_staff, property, police_office, mediation, street_enforcement, or a department's name.",
        "Code",
        "Name",
        "Handler",
        "Deadline (hours)",
        "Class",
        "Active",
        "Save",
        "Saved",
    ],
    measures: "Event measures",
    measure_by: [
        ("grid", "By grid"),
        ("community", "By community"),
        ("street", "By street"),
        ("handler", "By handler"),
        ("category", "By category"),
    ],
    measure_columns: [
        "Name",
        "Reported",
        "Taken on",
        "Closed",
        "Closing rate",
        "On time",
        "Late",
        "Rework rate",
        "Followed up",
        "Satisfaction",
    ],
    step_times: ["Average time per step", "Step", "Count", "Average (hours)"],
    period: ["From", "To", "Show"],
    views: [
        ("", "All"),
        ("board", "To do (to accept, to dispatch)"),
        ("mine", "My tasks (by deadline)"),
        ("late", "Late"),
        ("rework", "Reworked"),
    ],
    bulk: ["Bulk dispatch", "Dispatch selected"],
    actions: [
        ("accept", "Accept"),
        ("reject", "Refuse"),
        ("duplicate", "Mark as duplicate"),
        ("dispatch", "Dispatch"),
        ("transfer", "Transfer"),
        ("return", "Send back"),
        ("start", "Start work"),
        ("feedback", "Report done"),
        ("pass", "Check passed"),
        ("fail", "Check failed (rework)"),
        ("visit", "Follow-up call"),
        ("reopen", "Reopen"),
    ],
    states: [
        "Reported",
        "Accepted",
        "Refused",
        "Duplicate",
        "Dispatched",
        "In progress",
        "Done, to be checked",
        "Closed",
        "Followed up: satisfied",
        "Followed up: fair",
        "Followed up: unsatisfied",
    ],
};

/// Texts of visits (走访), proactive service, appointments and a resident's
/// own applications.
pub struct CareTexts {
    /// The grid worker's day: title, intro.
    pub visits: [&'static str; 2],
    /// Appointments: title, none today, none waiting.
    pub appointments: [&'static str; 3],
    /// Due visits: title, none.
    pub due: [&'static str; 2],
    /// Due visits' headings: household, people, rule, last visit, standing.
    pub due_columns: [&'static str; 5],
    /// Recording a visit: title, who was met, situation, needs, photos, save, saved.
    pub record: [&'static str; 7],
    /// A household's visits: last visit, none yet, history.
    pub history: [&'static str; 3],
    /// From a visit: report an event, apply for the household.
    pub start: [&'static str; 2],
    /// Proactive service: title, intro, none.
    pub suggestions: [&'static str; 3],
    /// Proactive headings: resident, address, item, why.
    pub suggestion_columns: [&'static str; 4],
    /// Rules page: title, visit rules, proactive rules, save, saved, add.
    pub rules: [&'static str; 6],
    /// Visit-rule headings: tag, every (days), active.
    pub visit_rule_columns: [&'static str; 3],
    /// Proactive-rule headings: item, kind, age or tag, days ahead, active.
    pub care_rule_columns: [&'static str; 5],
    /// Proactive rule kinds: (key, label).
    pub care_kinds: [(&'static str, &'static str); 2],
    /// A resident's applications: title, none, "apply".
    pub mine: [&'static str; 3],
    /// Asking for a home visit: title, item, when, why, send, sent.
    pub appointment: [&'static str; 6],
    /// Appointment states: (key, label).
    pub appointment_states: [(&'static str, &'static str); 4],
    /// Scheduling: day, who goes, schedule, cancel.
    pub schedule: [&'static str; 4],
    /// On a person's page: apply on their behalf (代办).
    pub proxy_for: &'static str,
    /// Time left against the promised date.
    pub time_left: &'static str,
    /// The leader's counts: item, total, overdue.
    pub tally: [&'static str; 3],
    /// Photos of an application's materials.
    pub materials: &'static str,
    /// When a visit took place (empty: now).
    pub when: &'static str,
    /// The catalogue page: title, intro, new item, a note on changing steps.
    pub items: [&'static str; 4],
    /// An item's fields: code, name, department, eligibility, materials,
    /// form fields, days, steps, at home, 代办, offered.
    pub item_fields: [&'static str; 11],
}

static CARE_ZH: CareTexts = CareTexts {
    visits: ["今日走访", "按走访规则到期、超期的家庭，今天的预约上门，以及登记信息提示的主动服务建议。"],
    appointments: ["预约上门", "今天没有预约上门。", "没有待安排的预约。"],
    due: ["到期走访", "没有到期的走访。"],
    due_columns: ["住户", "重点人员", "走访规则", "上次走访", "状态"],
    record: ["记录走访", "见到的人", "情况", "发现的需求（可不填）", "照片（最多 3 张）", "保存走访", "走访已记录"],
    history: ["最近走访", "还没有走访记录。", "走访记录"],
    start: ["就此上报事件", "就此代办事项"],
    suggestions: [
        "主动服务",
        "登记信息显示可能符合条件、还没有申请的居民：上门告知，或征得同意后代办。",
        "没有待跟进的居民。",
    ],
    suggestion_columns: ["居民", "住址", "可办事项", "原因"],
    rules: ["走访与主动服务规则", "走访规则", "主动服务规则", "保存", "已保存", "新增"],
    visit_rule_columns: ["人员标签", "走访间隔（天）", "启用"],
    care_rule_columns: ["事项", "类型", "年龄或标签", "提前天数", "启用"],
    care_kinds: [("age", "年满周岁"), ("tag", "人员标签")],
    mine: ["我的办事", "还没有办事申请。", "去办事"],
    appointment: [
        "预约上门服务",
        "办理事项",
        "希望上门的时间",
        "需要帮什么",
        "提交预约",
        "预约已提交：社区会联系您，安排上门的日期。",
    ],
    appointment_states: [("requested", "待安排"), ("scheduled", "已安排"), ("done", "已上门"), ("cancelled", "已取消")],
    schedule: ["上门日期", "上门人员", "安排", "取消"],
    proxy_for: "为其代办",
    time_left: "剩余时限",
    tally: ["事项", "合计", "已超期"],
    materials: "材料照片（拍照或上传，最多 3 张）",
    when: "走访时间（不填为现在；可补记 7 天内的）",
    items: [
        "服务事项",
        "办事大厅里的事项：所需材料、表单项、承诺时限和办理环节都在这里设置。不再办理的事项取消“在办”即可，已有的申请不受影响。",
        "新增事项",
        "修改办理环节只影响此后的申请；已提交的申请按提交时的环节办完。",
    ],
    item_fields: [
        "事项编码",
        "事项名称",
        "办理部门",
        "申请条件",
        "所需材料（每行一项，可注明要求）",
        "表单项（每行一项）",
        "承诺时限（工作日）",
        "办理环节（每行一个，按顺序）",
        "可上门办理",
        "可由工作人员代办",
        "在办",
    ],
};

static CARE_EN: CareTexts = CareTexts {
    visits: [
        "Today's visits",
        "Households due or overdue for a visit under the rules, today's home appointments, and proactive-service suggestions from the registry.",
    ],
    appointments: ["Home appointments", "No home appointments today.", "No appointments waiting."],
    due: ["Visits due", "No visits due."],
    due_columns: ["Household", "People", "Rule", "Last visit", "Standing"],
    record: [
        "Record a visit",
        "Who you met",
        "Situation",
        "Needs found (optional)",
        "Photos (up to 3)",
        "Save the visit",
        "Visit recorded",
    ],
    history: ["Last visit", "No visits yet.", "Visits"],
    start: ["Report an event from here", "Apply on their behalf"],
    suggestions: [
        "Proactive service",
        "Residents the registry shows as probably eligible who have not applied: tell them, or apply for them with their consent.",
        "No one to follow up.",
    ],
    suggestion_columns: ["Resident", "Address", "Item", "Why"],
    rules: ["Visit and proactive-service rules", "Visit rules", "Proactive rules", "Save", "Saved", "Add"],
    visit_rule_columns: ["Tag", "Every (days)", "Active"],
    care_rule_columns: ["Item", "Kind", "Age or tag", "Days ahead", "Active"],
    care_kinds: [("age", "Aged"), ("tag", "Tag")],
    mine: ["My applications", "No applications yet.", "Apply"],
    appointment: [
        "Ask for a home visit",
        "Service",
        "When suits you",
        "What you need",
        "Send",
        "Sent: the community will call you to set the day.",
    ],
    appointment_states: [
        ("requested", "To schedule"),
        ("scheduled", "Scheduled"),
        ("done", "Visited"),
        ("cancelled", "Cancelled"),
    ],
    schedule: ["Day", "Who goes", "Schedule", "Cancel"],
    proxy_for: "Apply on their behalf",
    time_left: "Time left",
    tally: ["Item", "Total", "Overdue"],
    materials: "Photos of the materials (take or upload, up to 3)",
    when: "When (empty: now; up to 7 days back)",
    items: [
        "Service items",
        "The items of the service hall: materials, form fields, promised time and steps are set here. Untick \"offered\" for an item no longer handled; existing applications are not affected.",
        "New item",
        "Changed steps apply to new applications; those already made finish with the steps they were made with.",
    ],
    item_fields: [
        "Code",
        "Name",
        "Department",
        "Who may apply",
        "Materials (one per line, with any note)",
        "Form fields (one per line)",
        "Promised (working days)",
        "Steps (one per line, in order)",
        "Can be done at home",
        "Staff may apply on a resident's behalf",
        "Offered",
    ],
};

/// Texts of bills, payments and receipts.
pub struct BillTexts {
    /// A receipt: title, number, item, how computed, paid, how and when,
    /// the bill now, owed, how to print.
    pub receipt: [&'static str; 9],
    /// The counter: title, search label, no bills, paid so far, amount,
    /// how, take payment.
    pub counter: [&'static str; 7],
    /// Counter channels: cash, card.
    pub channels: [&'static str; 2],
    /// A resident's bills.
    pub mine: &'static str,
    /// The local payment provider's page: title, what it is, order, amount,
    /// pay, paid.
    pub sim: [&'static str; 6],
    /// Pay online.
    pub pay_online: &'static str,
    /// How much to pay (a resident may pay part).
    pub pay_amount: &'static str,
    /// The local provider's test switch, and what the payer then sees.
    pub sim_lost: [&'static str; 2],
    /// Reconciliation: title, day, channel, payments, total, taken by,
    /// provider, matched, differences, none, the provider charged but linli
    /// has not applied, linli applied but the provider has no charge,
    /// amounts differ, apply from the statement, applied, show, deposits.
    pub reconcile: [&'static str; 18],
    /// Prepaid balance: title, balance, amount to deposit, take it, pay from
    /// the balance, entries, deposit, spend, deposit receipt, how bills use
    /// it, too little.
    pub prepaid: [&'static str; 11],
    /// The billing page: title, fee items, none yet, code, name, price, add
    /// or change, kind, price (yuan), tiers, unit, bill run, period,
    /// arrears, send reminders.
    pub billing: [&'static str; 15],
    /// Fee kinds: (key, label).
    pub kinds: [(&'static str, &'static str); 3],
    /// A run's result: created, existing, unread; reminders sent; paid from
    /// prepaid balances; the whole community.
    pub run: [&'static str; 6],
    /// Meter reading: title, item, period, reading, meter changed, recorded (use).
    pub reading: [&'static str; 6],
    /// The reading round: title, building, show, last reading, not read
    /// before, save, read, import a sheet, the sheet's columns, the file,
    /// check only, import, imported, checked (nothing written), bad rows,
    /// choose a metered item first.
    pub round: [&'static str; 16],
    /// Arrears: title, grid, all grids, houses, owed in all, bills, since,
    /// none, send reminders to these houses, a grid not theirs.
    pub arrears: [&'static str; 10],
    /// Waivers and refunds: title, ask, kind, amount, reason, ask for
    /// approval, approve, reject, waiting, approved, rejected, asked by,
    /// decided by, none waiting, asked (waiting), waive, refund, who may decide.
    pub adjust: [&'static str; 18],
}

static BILLS_ZH: BillTexts = BillTexts {
    receipt: [
        "缴费收据",
        "收据号",
        "收费项目",
        "计费",
        "本次实收",
        "方式 · 经办 · 时间",
        "账单状态",
        "尚欠",
        "按 Ctrl+P（手机用浏览器菜单）打印本收据。",
    ],
    counter: [
        "缴费窗口",
        "查找居民：手机号、身份证后几位、姓名或“3号楼 101”",
        "没有账单。",
        "已缴",
        "收款",
        "付款方式",
        "收款并出收据",
    ],
    channels: ["现金", "刷卡"],
    mine: "我的账单",
    sim: [
        "模拟支付",
        "本地支付通道：与微信支付、支付宝一样下单、付款、签名回调，不经过任何外部网络。",
        "订单号",
        "金额",
        "确认支付",
        "支付成功，已入账。",
    ],
    pay_online: "在线缴费",
    pay_amount: "金额（元）",
    sim_lost: ["模拟回调丢失（只扣款，不通知 linli）", "已扣款，但回调没有送达 linli：这笔钱会出现在对账的差异里。"],
    reconcile: [
        "对账",
        "日期",
        "渠道",
        "笔数",
        "金额",
        "经办",
        "支付通道",
        "一致",
        "差异",
        "没有差异。",
        "通道已扣款，linli 未入账",
        "linli 已入账，通道无此笔",
        "金额不一致",
        "按对账单入账",
        "已按对账单入账，收据号",
        "查看",
        "预存",
        "那天的对账单上没有这笔订单。",
    ],
    prepaid: [
        "预存款",
        "余额",
        "预存金额（元）",
        "收款并出收据",
        "用预存款缴",
        "预存款明细",
        "预存",
        "抵扣",
        "预存款收据",
        "出账时自动从预存款抵扣。",
        "预存款余额不足",
    ],
    billing: [
        "收费管理",
        "收费项目",
        "还没有收费项目。",
        "编码",
        "名称",
        "单价",
        "新增或修改收费项目",
        "计费方式",
        "单价（元；按面积为每平方米每月）",
        "阶梯（每行“上限 单价”，最后一档上限写 -）",
        "计量单位",
        "生成账单",
        "账期",
        "欠费",
        "发送催缴短信",
    ],
    kinds: [("area", "按面积（物业费）"), ("metered", "按用量阶梯（水电气）"), ("fixed", "固定金额")],
    run: ["新生成", "已有", "未抄表", "已发送催缴短信", "预存款抵扣", "全部楼栋"],
    reading: ["抄表", "收费项目", "账期", "本期读数", "本期换了新表", "已记录抄表，本期用量"],
    round: [
        "抄表",
        "楼栋",
        "显示",
        "上期",
        "首次抄表",
        "保存",
        "已抄",
        "导入抄表单",
        "表格需有“楼栋”“单元”“房号”“本期读数”列，可有“换表”列（填“是”）；XLSX 或 CSV（UTF-8 或 GBK）。有一行出错则全部不写入。",
        "抄表单文件",
        "只检查，不写入",
        "导入",
        "已导入抄表",
        "检查通过（未写入），可导入的抄表",
        "以下各行有问题，整张表未写入：",
        "还没有按用量收费的项目：请先在“收费管理”里添加水费、电费或燃气费。",
    ],
    arrears: [
        "欠费催缴",
        "网格",
        "全部网格",
        "户",
        "共欠",
        "笔",
        "自",
        "没有欠费的户。",
        "向以下各户发送催缴短信（每户每天最多一次）",
        "没有这个网格，或不在您负责的范围内。",
    ],
    adjust: [
        "减免与退款",
        "申请减免或退款",
        "类型",
        "金额（元）",
        "原因",
        "提交审批",
        "批准",
        "驳回",
        "待审批",
        "已批准",
        "已驳回",
        "申请人",
        "审批人",
        "没有待审批的申请。",
        "已提交，待社区负责人审批。",
        "减免",
        "退款",
        "只有社区负责人（或街道、区管理员）可以审批，且不能审批自己提交的申请。",
    ],
};

static BILLS_EN: BillTexts = BillTexts {
    receipt: [
        "Receipt",
        "Receipt no.",
        "Fee",
        "Charged",
        "Paid now",
        "How · taken by · when",
        "Bill",
        "Still owed",
        "Press Ctrl+P (on a phone, the browser menu) to print.",
    ],
    counter: [
        "Payment counter",
        "Find the resident: phone, last digits of the ID, name or \"3号楼 101\"",
        "No bills.",
        "Paid",
        "Amount",
        "How",
        "Take payment, print receipt",
    ],
    channels: ["Cash", "Card"],
    mine: "My bills",
    sim: [
        "Simulated payment",
        "The local payment channel: ordered, paid and confirmed by a signed callback like WeChat Pay or Alipay, without leaving this machine.",
        "Order no.",
        "Amount",
        "Pay",
        "Paid and credited.",
    ],
    pay_online: "Pay online",
    pay_amount: "Amount (yuan)",
    sim_lost: [
        "Simulate a lost callback (charge, do not tell linli)",
        "Charged, but the callback did not reach linli: this money will show as a difference in reconciliation.",
    ],
    reconcile: [
        "Reconciliation",
        "Day",
        "Channel",
        "Payments",
        "Total",
        "Taken by",
        "Provider",
        "Matched",
        "Differences",
        "No differences.",
        "Charged by the provider, not applied in linli",
        "Applied in linli, not on the provider's statement",
        "Amounts differ",
        "Apply from the statement",
        "Applied from the statement; receipt",
        "Show",
        "Deposits",
        "That day's statement has no such order.",
    ],
    prepaid: [
        "Prepaid balance",
        "Balance",
        "Amount to deposit (yuan)",
        "Take it, print receipt",
        "Pay from the balance",
        "Balance history",
        "Deposit",
        "Spent",
        "Deposit receipt",
        "New bills are paid from the balance when they are made.",
        "The balance is too low",
    ],
    billing: [
        "Billing",
        "Fee items",
        "No fee items yet.",
        "Code",
        "Name",
        "Price",
        "Add or change a fee item",
        "Charged",
        "Price (yuan; by area: per m² per month)",
        "Tiers (a line each: \"up to price\"; the last up to is -)",
        "Unit",
        "Bill a period",
        "Period",
        "Arrears",
        "Send reminders by SMS",
    ],
    kinds: [
        ("area", "By area (property fee)"),
        ("metered", "Metered, in tiers (water, power, gas)"),
        ("fixed", "Fixed"),
    ],
    run: ["new", "existing", "without a reading", "reminders sent", "paid from prepaid", "All buildings"],
    reading: [
        "Meter reading",
        "Fee item",
        "Period",
        "Reading",
        "A new meter was fitted",
        "Reading recorded; use this period",
    ],
    round: [
        "Meter reading",
        "Building",
        "Show",
        "Last",
        "First reading",
        "Save",
        "Read",
        "Import a reading sheet",
        "The sheet needs the columns 楼栋, 单元, 房号 and 本期读数, and may have 换表 (\"是\" for a new meter); XLSX or CSV (UTF-8 or GBK). One bad row and nothing is written.",
        "Reading sheet",
        "Check only, write nothing",
        "Import",
        "Readings imported",
        "Checked (nothing written); readings that can be imported",
        "These rows have problems; nothing of the sheet was written:",
        "No metered fee item yet: add water, power or gas under Billing first.",
    ],
    arrears: [
        "Arrears",
        "Grid",
        "All grids",
        "houses",
        "owed in all",
        "bills",
        "since",
        "No house owes anything.",
        "Send a reminder by SMS to these houses (at most once a day each)",
        "No such grid, or not one you look after.",
    ],
    adjust: [
        "Waivers and refunds",
        "Ask for a waiver or refund",
        "Kind",
        "Amount (yuan)",
        "Reason",
        "Ask for approval",
        "Approve",
        "Reject",
        "Waiting",
        "Approved",
        "Rejected",
        "Asked by",
        "Decided by",
        "Nothing waiting.",
        "Asked; waiting for the community head's approval.",
        "Waive",
        "Refund",
        "Only the community head (or a street or district admin) approves, and never a request of their own.",
    ],
};

/// Texts of the kiosk (智慧货架).
pub struct KioskTexts {
    /// Title, choose, by ID, by phone, ID prompt, phone prompt, code prompt,
    /// next, bills, pay, none due, paid, bad device token, pairing prompt,
    /// start again, the minute's reset.
    pub texts: [&'static str; 16],
    /// Staff beside the resident: the kiosk's button, its prompt, the
    /// counter's button, the code, what to do with it, too many tries.
    pub assist: [&'static str; 6],
    /// Paying from a phone: scan, or pay here, what happens next, too late.
    pub qr: [&'static str; 4],
}

static KIOSK_ZH: KioskTexts = KioskTexts {
    texts: [
        "自助缴费",
        "请选择核验身份的方式",
        "输入身份证号",
        "没带身份证？用手机号",
        "请输入身份证号（18 位）",
        "请输入登记的手机号",
        "请输入短信验证码（6 位）",
        "下一步",
        "待缴账单",
        "去支付",
        "没有待缴的账单。",
        "缴费成功，收据如下：",
        "终端令牌不对，或没有自助终端权限。",
        "登记自助终端：请输入自助终端令牌",
        "返回首页",
        "一分钟无操作将自动返回首页。",
    ],
    assist: [
        "工作人员协助",
        "请输入工作人员给您的 6 位协助码",
        "在自助终端协助缴费",
        "协助码",
        "请在 10 分钟内到自助终端点“工作人员协助”，输入这个协助码。",
        "尝试次数过多，请稍后再试或到窗口办理。",
    ],
    qr: ["请用手机扫码支付", "在本机支付", "支付完成后，本页会自动显示收据。", "等待支付已超时，请返回首页重新开始。"],
};

static KIOSK_EN: KioskTexts = KioskTexts {
    texts: [
        "Self-service payment",
        "How would you like to be identified?",
        "Type your ID number",
        "No ID card? Use your phone",
        "Your ID number (18 characters)",
        "The phone number registered for you",
        "The code texted to you (6 digits)",
        "Next",
        "Bills to pay",
        "Pay",
        "Nothing to pay.",
        "Paid. Your receipt:",
        "Wrong token, or not a kiosk token.",
        "Set up this kiosk: enter its kiosk token",
        "Start again",
        "Returns to the start after a minute without a touch.",
    ],
    assist: [
        "Staff help",
        "Type the 6-digit code the staff member gave you",
        "Help at the kiosk",
        "Assist code",
        "Within 10 minutes, tap \"Staff help\" on the kiosk and type this code.",
        "Too many tries: wait a little or go to the counter.",
    ],
    qr: [
        "Scan with your phone to pay",
        "Pay on this screen",
        "Once paid, the receipt shows here by itself.",
        "The wait for payment is over: go back to the start.",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_higher_quality() {
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9,zh-CN;q=0.8"), Lang::En);
        assert_eq!(Lang::from_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("fr-FR, en;q=0.5"), Lang::En);
        assert_eq!(Lang::from_accept_language("de, fr"), Lang::Zh);
        assert_eq!(Lang::from_accept_language("en;q=0"), Lang::Zh);
        assert_eq!(Lang::from_accept_language(""), Lang::Zh);
    }
}
