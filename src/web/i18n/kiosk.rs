//! The kiosk (智慧货架).

texts! {
    /// Texts of the kiosk (智慧货架).
    pub struct KioskTexts {
        title,
        choose,
        by_id,
        by_phone,
        id_prompt,
        phone_prompt,
        code_prompt,
        next,
        bills,
        pay,
        none_due,
        paid,
        bad_token,
        pairing_prompt,
        start_again,
        idle_reset,
        /// A kiosk not paired yet: what to do.
        unpaired,
        /// The link to the pairing page.
        unpaired_pair,
        /// A session's address opened after it ended.
        ended,
        /// Staff helping a resident at the kiosk.
        assist: Assist,
        /// Paying from a phone at the kiosk.
        qr: KioskQr,
    }
}

texts! {
    /// Staff helping a resident at the kiosk.
    pub struct Assist {
        kiosk_button, kiosk_prompt, counter_button, code, code_hint, too_many,
    }
}

texts! {
    /// Paying from a phone at the kiosk.
    pub struct KioskQr {
        scan, pay_here, waiting, too_late,
    }
}

/// 简体中文.
pub const ZH: KioskTexts = KioskTexts {
    title: "自助缴费",
    choose: "请选择核验身份的方式",
    by_id: "输入身份证号",
    by_phone: "没带身份证？用手机号",
    id_prompt: "请输入身份证号（18 位）",
    phone_prompt: "请输入登记的手机号",
    code_prompt: "请输入短信验证码（6 位）",
    next: "下一步",
    bills: "待缴账单",
    pay: "去支付",
    none_due: "没有待缴的账单。",
    paid: "缴费成功，收据如下：",
    bad_token: "终端令牌不对，或没有自助终端权限。",
    pairing_prompt: "登记自助终端：请输入自助终端令牌",
    start_again: "返回首页",
    idle_reset: "一分钟无操作将自动返回首页。",
    unpaired: "这台自助终端还没有登记，暂时不能使用。请社区工作人员用管理员发放的自助终端令牌（kiosk 权限）登记本机：点下面的按钮，输入令牌即可。居民请到服务窗口办理。",
    unpaired_pair: "登记本机",
    ended: "上一位居民的服务已结束，信息已清除。请从首页重新开始。",
    assist: Assist {
        kiosk_button: "工作人员协助",
        kiosk_prompt: "请输入工作人员给您的 6 位协助码",
        counter_button: "在自助终端协助缴费",
        code: "协助码",
        code_hint: "请在 10 分钟内到自助终端点“工作人员协助”，输入这个协助码。",
        too_many: "尝试次数过多，请稍后再试或到窗口办理。",
    },
    qr: KioskQr {
        scan: "请用手机扫码支付",
        pay_here: "在本机支付",
        waiting: "支付完成后，本页会自动显示收据。",
        too_late: "等待支付已超时，请返回首页重新开始。",
    },
};

/// English.
pub const EN: KioskTexts = KioskTexts {
    title: "Self-service payment",
    choose: "How would you like to be identified?",
    by_id: "Type your ID number",
    by_phone: "No ID card? Use your phone",
    id_prompt: "Your ID number (18 characters)",
    phone_prompt: "The phone number registered for you",
    code_prompt: "The code texted to you (6 digits)",
    next: "Next",
    bills: "Bills to pay",
    pay: "Pay",
    none_due: "Nothing to pay.",
    paid: "Paid. Your receipt:",
    bad_token: "Wrong token, or not a kiosk token.",
    pairing_prompt: "Set up this kiosk: enter its kiosk token",
    start_again: "Start again",
    idle_reset: "Returns to the start after a minute without a touch.",
    unpaired: "This kiosk is not set up yet, so it cannot be used. Community staff: set it up with the kiosk token your administrator issued (kiosk scope) — tap the button below and enter the token. Residents: please go to the service counter.",
    unpaired_pair: "Set up this kiosk",
    ended: "The previous resident's visit has ended and their details are gone. Please start again.",
    assist: Assist {
        kiosk_button: "Staff help",
        kiosk_prompt: "Type the 6-digit code the staff member gave you",
        counter_button: "Help at the kiosk",
        code: "Assist code",
        code_hint: "Within 10 minutes, tap \"Staff help\" on the kiosk and type this code.",
        too_many: "Too many tries: wait a little or go to the counter.",
    },
    qr: KioskQr {
        scan: "Scan with your phone to pay",
        pay_here: "Pay on this screen",
        waiting: "Once paid, the receipt shows here by itself.",
        too_late: "The wait for payment is over: go back to the start.",
    },
};
