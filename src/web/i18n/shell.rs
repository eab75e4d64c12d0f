//! The page shell and the foundation's pages: sign-in, account, audit, households, registration, import.

texts! {
    /// Every text of the page shell and the foundation's pages.
    pub struct Texts {
        /// `lang` attribute of `<html>`.
        html_lang,
        /// Product name.
        app_name,
        /// One-line description.
        tagline,
        /// Link that skips the header, for screen readers.
        skip_to_content,
        /// Navigation: home.
        nav_home,
        /// Navigation: API documentation.
        nav_api,
        /// Label of the language switch button (names the other language).
        switch_lang,
        /// The other language's code.
        other_lang,
        /// Button that turns large text on.
        large_on,
        /// Button that turns large text off.
        large_off,
        /// Heading of the preferences group.
        prefs_label,
        /// Home: welcome paragraph.
        home_intro,
        /// Home: the demo communities heading.
        home_communities,
        /// Home: the region browser heading.
        home_browse,
        /// Region page: children heading.
        region_children,
        /// Region page: no children.
        region_no_children,
        /// Region page: code label.
        region_code,
        /// Breadcrumb label.
        breadcrumb,
        /// Error page: what to do next.
        error_next,
        /// Error page: back to home.
        error_home,
        /// Error page: the request id label, for support.
        error_request_id,
        /// API docs page title.
        api_title,
        /// API docs page intro.
        api_intro,
        /// API docs: parameters heading.
        api_parameters,
        /// API docs: responses heading.
        api_responses,
        /// API docs: request body heading.
        api_body,
        /// API docs: schemas heading.
        api_schemas,
        /// Footer line.
        footer,
        /// The names of the region levels; see [`Texts::level`].
        levels: Levels,
        /// Link to sign in.
        nav_signin,
        /// Sign-in page title.
        signin_title,
        /// Sign-in: the login field.
        signin_login,
        /// Sign-in: hint under the login field.
        signin_login_hint,
        /// Sign-in: the password field.
        signin_password,
        /// Sign-in: the button.
        signin_submit,
        /// Sign-in: wrong login or password.
        signin_bad,
        /// Sign-in: locked, with `{minutes}`.
        signin_locked,
        /// Sign-in: this address tried too many.
        signin_address,
        /// Sign-in: the account is disabled.
        signin_disabled,
        /// Sign-in: the session had timed out.
        signin_expired,
        /// Sign-in: the cookie was not valid.
        signin_invalid,
        /// Sign-in: after a password change.
        signin_changed,
        /// Account page title.
        account_title,
        /// Account: the user name label.
        account_username,
        /// Account: the phone label.
        account_phone,
        /// Account: roles heading.
        account_roles,
        /// Account: no roles.
        account_no_roles,
        /// Account: session note for staff.
        account_staff_note,
        /// Account: change password link.
        account_change_password,
        /// Button: sign out.
        signout,
        /// Button: sign out everywhere.
        signout_everywhere,
        /// Password page title.
        password_title,
        /// Password page: must change an initial password.
        password_forced,
        /// Password page: rules.
        password_rules,
        /// Password page: current password label.
        password_current,
        /// Password page: new password label.
        password_new,
        /// Password page: confirmation label.
        password_confirm,
        /// Password page: button.
        password_submit,
        /// Password page: the two new passwords differ.
        password_mismatch,
        /// Password page: current password wrong.
        password_wrong,
        /// Password page: same as before.
        password_same,
        /// Audit page text.
        audit_title,
        /// Audit page text.
        audit_intro,
        /// Audit page text.
        audit_target,
        /// Audit page text.
        audit_actor,
        /// Audit page text.
        audit_action,
        /// Audit page text.
        audit_from,
        /// Audit page text.
        audit_until,
        /// Audit page text.
        audit_search,
        /// Audit page text.
        audit_export,
        /// Audit page text.
        audit_none,
        /// Audit page text.
        audit_time,
        /// Audit page text.
        audit_detail,
        /// Audit page text.
        audit_older,
        /// Second-factor text.
        code_title,
        /// Second-factor text.
        code_intro,
        /// Second-factor text.
        code_label,
        /// Second-factor text.
        totp_title,
        /// Second-factor text.
        totp_intro,
        /// Second-factor text.
        totp_key,
        /// Second-factor text.
        totp_link,
        /// Second-factor text.
        totp_submit,
        /// Second-factor text.
        totp_enabled,
        /// Second-factor text.
        totp_required,
        /// Second-factor text.
        account_totp,
        /// Household page text.
        households_title,
        /// Household page text.
        households_intro,
        /// Household page text.
        households_none,
        /// Household page text.
        households_people,
        /// Household page text.
        years_old,
        /// Household page text.
        id_label,
        /// Household page text.
        reveal_show,
        /// Household page text.
        reveal_reason,
        /// Household page text.
        reveal_placeholder,
        /// Household page text.
        reveal_note,
        /// Household page text.
        reveal_reason_needed,
        /// Registration text.
        register_title,
        /// Registration text.
        register_name,
        /// Registration text.
        register_phone,
        /// Registration text.
        register_id,
        /// Registration text.
        register_community,
        /// Registration text.
        register_submit,
        /// Registration text.
        register_name_needed,
        /// Registration text.
        register_phone_bad,
        /// Registration text.
        register_phone_taken,
        /// Registration text.
        register_community_needed,
        /// Registration text.
        register_link,
        /// Registration text.
        mine_title,
        /// Registration text.
        mine_none,
        /// Registration text.
        queue_title,
        /// Registration text.
        queue_none,
        /// Registration text.
        queue_approve,
        /// Registration text.
        queue_reject,
        /// Import page text.
        import_title,
        /// Import page text.
        import_intro,
        /// Import page text.
        import_grid,
        /// Import page text.
        import_file,
        /// Import page text.
        import_dry_label,
        /// Import page text.
        import_submit,
        /// Import page text.
        import_refused,
        /// Import page text.
        import_line,
        /// Import page text.
        import_dry,
        /// Import page text.
        import_rows,
        /// Import page text.
        import_buildings,
        /// Import page text.
        import_households,
        /// Import page text.
        import_people,
        /// Import page text.
        import_skipped,
        /// Import page text.
        import_no_file,
        /// Import page text.
        import_bad_grid,
        /// Export text.
        export_masked,
        /// Export text.
        export_full,
        /// The full export's confirmation: what it does.
        export_full_warning,
        /// The full export's confirmation: the password field.
        export_full_password,
        /// The full export's confirmation: its button.
        export_full_confirm,
        /// The full export's confirmation: the password was wrong.
        export_full_wrong_password,
        /// QR text.
        qr_title,
        /// QR text.
        qr_intro,
        /// QR text.
        qr_scan,
        /// QR text.
        building_workers,
        /// QR text.
        building_no_worker,
        /// Texts shared by several areas.
        common: super::common::CommonTexts,
        /// The people pages' texts.
        people: super::people::PeopleTexts,
        /// The registry tree's texts.
        registry: super::registry::RegistryTexts,
        /// The events pages' texts.
        events: super::events::EventTexts,
        /// The navigation, the workbench and an event's facts.
        desk: super::desk::DeskTexts,
        /// Handler units, routing and the reporter's 回访.
        units: super::units::UnitTexts,
        /// The service hall and applications.
        services: super::services::ServiceTexts,
        /// Visits, proactive service, appointments.
        visits: super::visits::VisitTexts,
        /// Bills, payments and receipts.
        bills: super::bills::BillTexts,
        /// The kiosk.
        kiosk: super::kiosk::KioskTexts,
        /// The resident pages.
        resident: super::resident::ResidentTexts,
        /// Community life: notices.
        life: super::life::LifeTexts,
        /// The help wall, volunteers and points.
        wall: super::wall::WallTexts,
        /// The centre's counters: produce.
        centre: super::centre::CentreTexts,
        /// Mediation, petitions and 三零.
        mediation: super::mediation::MediationTexts,
        /// The dashboard (大脑中枢).
        dashboard: super::dashboard::DashboardTexts,
        /// Why input was refused; see [`super::refusals::words`].
        refusals: super::refusals::RefusalTexts,
    }
}

texts! {
    /// The names of the region levels; see [`Texts::level`].
    pub struct Levels {
        province, city, district, street, community, grid, sub_grid,
        /// The level's name by the region's own name: a 镇 (town).
        town,
        /// A 乡 (township).
        township,
        /// A 县 (county).
        county,
        /// A 村 (village, at the community level).
        village,
    }
}

/// 简体中文.
pub static ZH: Texts = Texts {
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
    home_communities: "服务的社区",
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
    levels: Levels {
        province: "省",
        city: "市",
        district: "区县",
        street: "街道",
        community: "社区",
        grid: "网格",
        sub_grid: "四级网格",
        town: "镇",
        township: "乡",
        county: "县",
        village: "村",
    },
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
    register_name: "姓名",
    register_phone: "手机号（用于登录）",
    register_id: "身份证号",
    register_community: "所在社区",
    register_submit: "注册",
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
    resident: super::resident::ZH,
    common: super::common::ZH,
    people: super::people::ZH,
    registry: super::registry::ZH,
    events: super::events::ZH,
    desk: super::desk::ZH,
    units: super::units::ZH,
    services: super::services::ZH,
    visits: super::visits::ZH,
    bills: super::bills::ZH,
    kiosk: super::kiosk::ZH,
    life: super::life::ZH,
    wall: super::wall::ZH,
    centre: super::centre::ZH,
    mediation: super::mediation::ZH,
    dashboard: super::dashboard::ZH,
    refusals: super::refusals::ZH,
};

/// English.
pub static EN: Texts = Texts {
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
    home_communities: "Communities served",
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
    levels: Levels {
        province: "Province",
        city: "City",
        district: "District",
        street: "Street",
        community: "Community",
        grid: "Grid",
        sub_grid: "Sub-grid",
        town: "Town",
        township: "Township",
        county: "County",
        village: "Village",
    },
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
    register_name: "Name",
    register_phone: "Mobile number (your sign-in)",
    register_id: "ID number",
    register_community: "Your community",
    register_submit: "Register",
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
    resident: super::resident::EN,
    common: super::common::EN,
    people: super::people::EN,
    registry: super::registry::EN,
    events: super::events::EN,
    desk: super::desk::EN,
    units: super::units::EN,
    services: super::services::EN,
    visits: super::visits::EN,
    bills: super::bills::EN,
    kiosk: super::kiosk::EN,
    life: super::life::EN,
    wall: super::wall::EN,
    centre: super::centre::EN,
    mediation: super::mediation::EN,
    dashboard: super::dashboard::EN,
    refusals: super::refusals::EN,
};

impl Texts {
    /// The name of a region's level as its own name says it: a 镇 or a 乡
    /// is not a 街道, a 县 not a 区, a 村 not a 社区.
    pub fn level_named(&self, level: &crate::app::registry::region::Level, name: &str) -> &'static str {
        use crate::app::registry::region::Level;
        let l = &self.levels;
        let name = name.trim_end_matches(['）', ')']).trim_end_matches("办事处").trim_end_matches("委员会");
        match level {
            Level::Street if name.ends_with('镇') => l.town,
            Level::Street if name.ends_with('乡') => l.township,
            Level::District if name.ends_with('县') || name.ends_with('旗') => l.county,
            Level::Community if name.ends_with('村') || name.ends_with("村民") => l.village,
            _ => self.level(level),
        }
    }

    /// The name of a region level.
    pub fn level(&self, level: &crate::app::registry::region::Level) -> &'static str {
        use crate::app::registry::region::Level;
        let l = &self.levels;
        match level {
            Level::Province => l.province,
            Level::City => l.city,
            Level::District => l.district,
            Level::Street => l.street,
            Level::Community => l.community,
            Level::Grid => l.grid,
            Level::SubGrid => l.sub_grid,
        }
    }
}

#[cfg(test)]
mod level_tests {
    use crate::app::registry::region::Level;

    #[test]
    fn a_town_and_a_township_are_not_streets() {
        let t = &super::ZH;
        assert_eq!(t.level_named(&Level::Street, "凤山街道"), "街道");
        assert_eq!(t.level_named(&Level::Street, "信义镇"), "镇");
        assert_eq!(t.level_named(&Level::Street, "坪头乡"), "乡");
        assert_eq!(t.level_named(&Level::District, "离石区"), "区县");
        assert_eq!(t.level_named(&Level::District, "方山县"), "县");
        assert_eq!(t.level_named(&Level::Community, "交通路社区居民委员会"), "社区");
        assert_eq!(t.level_named(&Level::Community, "上安村村民委员会"), "村");
        assert_eq!(super::EN.level_named(&Level::Street, "信义镇"), "Town");
    }
}
