//! Texts of the pages residents meet: registration and its verification,
//! sign-in before it, and what their forms say.

texts! {
    /// Texts of the resident pages.
    pub struct ResidentTexts {
        /// Sign-in before verification: `{date}` submitted, `{days}` working days.
        waiting_pending,
        /// Sign-in after a registration was not approved.
        waiting_rejected,
        /// Registration submitted: `{days}` working days.
        register_done,
        /// Registration page: what happens after submitting.
        register_intro,
        /// Verification queue: the registry names this person (`{name}`) at `{place}`.
        queue_match,
        /// Verification queue: the registry has this ID number under another name.
        queue_name_differs,
        /// Verification queue: nobody with this ID number in the community.
        queue_no_match,
        /// Verification queue: approving links the account to this household.
        queue_links,
        /// A refused form kept `{n}` photos already sent.
        photos_kept,
        /// Tracking: no report has this code (`{code}`).
        track_unknown,
        /// 代办 submitted: `{code}` is the query code to give the resident.
        proxy_done,
        /// After a number of hours (a deadline): " 小时", " h".
        hours_unit,
    }
}

/// 简体中文.
pub const ZH: ResidentTexts = ResidentTexts {
    waiting_pending: "您的注册（{date} 提交）正在等待社区工作人员核实，通常在 {days} 个工作日内完成。核实通过后，用这个手机号和密码即可登录。着急的话，可以带身份证到社区服务中心当场办理。",
    waiting_rejected: "您的注册没有通过社区核实，所以还不能登录。请带身份证到社区服务中心办理，工作人员会帮您开通。",
    register_done: "已提交。社区工作人员会核对您的姓名和身份证号，通常在 {days} 个工作日内完成；核实通过后用手机号和密码登录，就能看到自己的家庭、账单和预约。",
    register_intro: "填写与身份证一致的姓名和身份证号。如果与社区登记的姓名、身份证号和手机号都一致，注册后立即可用；否则由社区工作人员核实后开通（通常 {days} 个工作日内）。",
    queue_match: "人口登记：{name}，{place}",
    queue_name_differs: "登记的姓名与注册的不同，请当面核对身份证。",
    queue_no_match: "本社区人口登记中没有这个身份证号：请先办理迁入登记再核实通过，或选择不通过。",
    queue_links: "核实通过后，账号关联到这一户。",
    photos_kept: "已上传的 {n} 张照片已保留，不必重新选择；还可以再添加。",
    hours_unit: " 小时",
    proxy_done: "已代办提交，查询码 {code}。请告知居民凭查询码和手机号查询进度。",
    track_unknown: "没有找到查询码为“{code}”的诉求。请核对查询码（在提交诉求后的页面和短信里），重新输入。",
};

/// English.
pub const EN: ResidentTexts = ResidentTexts {
    waiting_pending: "Your registration (submitted {date}) is waiting for the community staff to verify it, which usually takes up to {days} working days. Once verified, sign in with this mobile number and password. If it is urgent, bring your ID card to the community service centre.",
    waiting_rejected: "Your registration was not approved by the community, so you cannot sign in yet. Bring your ID card to the community service centre and the staff will open your account.",
    register_done: "Submitted. The community staff check your name and ID number, usually within {days} working days; once verified, sign in with your mobile number and password to see your household, bills and appointments.",
    register_intro: "Give your name and ID number as on your ID card. If your name, ID number and mobile number match the community's records you can use your account at once; otherwise the community staff verify it first (usually within {days} working days).",
    queue_match: "Registry: {name}, {place}",
    queue_name_differs: "The registry has another name for this ID number: check the ID card in person.",
    queue_no_match: "Nobody with this ID number is in this community's registry: register the person moving in first, then approve; or reject.",
    queue_links: "Approving links the account to this household.",
    photos_kept: "The {n} photo(s) you already sent are kept: no need to choose them again; you may add more.",
    hours_unit: " h",
    proxy_done: "Submitted on the resident's behalf; query code {code}. Tell the resident to follow it with this code and their phone number.",
    track_unknown: "No report has the tracking code \u{201c}{code}\u{201d}. Check the code (on the page after you reported, and in the text message) and type it again.",
};
