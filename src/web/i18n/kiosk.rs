//! The kiosk (智慧货架).

texts! {
    /// Texts of the kiosk (智慧货架).
    pub struct KioskTexts {
        /// Title, choose, by ID, by phone, ID prompt, phone prompt, code prompt,
        /// next, bills, pay, none due, paid, bad device token, pairing prompt,
        /// start again, the minute's reset.
        texts: [&'static str; 16],
        /// Staff beside the resident: the kiosk's button, its prompt, the
        /// counter's button, the code, what to do with it, too many tries.
        assist: [&'static str; 6],
        /// Paying from a phone: scan, or pay here, what happens next, too late.
        qr: [&'static str; 4],
    }
}

/// 简体中文.
pub const ZH: KioskTexts = KioskTexts {
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

/// English.
pub const EN: KioskTexts = KioskTexts {
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
