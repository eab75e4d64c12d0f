//! Refusals of bills: fee items, payments, deposits, readings, waivers and refunds.

texts! {
    /// Refusals of bills: fee items, payments, deposits, readings, waivers and refunds.
    pub struct BillRefusals {
        fee_code, fee_name, fee_kind, no_such_fee, no_such_metered_fee, bad_period, bad_day, payment_key,
        payment_channel, amount_not_positive, prepaid_short, paid_meanwhile, key_used_for_another_payment,
        deposit_key, deposit_channel, deposit_not_positive, key_used_for_another_deposit, negative_reading, choose_building,
        reading_below_last, already_read, adjustment_reason, adjustment_kind, choose_adjustment,
        second_person_decides, adjustment_decided_meanwhile, adjustment_no_longer_fits,
        grid_outside_community, unknown_action, assist_code_digits, assist_code_wrong, kiosk_id_number, kiosk_id_mistyped,
        kiosk_phone, no_household_for_id, no_household_for_phone, sms_code_too_many_tries, sms_code_wrong,
        bad_signature, unreadable_callback, no_online_payment, bill_paid_up, order_amount, callback_amount,
        statement_amount, grace_days, arrears_filter, reminder_daily_limit, reminders_changed,
        /// An amount of money as typed.
        money: MoneyTexts,
        /// A price of a fee item.
        price: PriceTexts,
        /// What a bill's money allows.
        ledger: LedgerTexts,
    }
}

texts! {
    /// An amount of money as typed.
    pub struct MoneyTexts { malformed, too_large }
}

texts! {
    /// A price of a fee item.
    pub struct PriceTexts { price, tiers }
}

texts! {
    /// What a bill's money allows.
    pub struct LedgerTexts { not_positive, more_than_owed, more_than_paid }
}

/// 简体中文.
pub const ZH: BillRefusals = BillRefusals {
    fee_code: "收费项目编码应为 1–16 位大写字母或数字",
    fee_name: "收费项目名称应为 1–32 个字",
    fee_kind: "计费方式应为 area（按面积）、metered（按用量）或 fixed（固定）",
    no_such_fee: "没有这个收费项目，或已停用",
    no_such_metered_fee: "没有这个抄表收费项目",
    bad_period: "账期应为年-月，如 2026-11",
    bad_day: "日期应为年-月-日，如 2026-11-28",
    payment_key: "每笔付款须带 8–64 位的幂等键",
    payment_channel: "付款方式应为 cash、card、kiosk、online 或 prepaid",
    amount_not_positive: "金额应大于零",
    prepaid_short: "预存款余额不足，现有 {left}",
    paid_meanwhile: "这笔账单刚被缴过，现在应缴 {owed}",
    key_used_for_another_payment: "这个幂等键已用于另一笔付款",
    deposit_key: "每笔收款须带 8–64 位的幂等键",
    deposit_channel: "预存只收现金或刷卡",
    deposit_not_positive: "预存金额应大于零",
    key_used_for_another_deposit: "这个幂等键已用于另一笔收款",
    negative_reading: "读数不能为负",
    choose_building: "请选择楼栋",
    reading_below_last: "本期读数 {reading} 小于上期 {last}；如已换表，请注明“换表”",
    already_read: "这一户本期已抄表",
    adjustment_reason: "请写明减免或退款的原因（2–200 字）",
    adjustment_kind: "类型应为 waive（减免）或 refund（退款）",
    choose_adjustment: "缺少要审批的申请",
    second_person_decides: "减免和退款须由另一人审批",
    adjustment_decided_meanwhile: "这项申请刚被别人处理过",
    adjustment_no_longer_fits: "账单已有变动，这笔减免或退款已超出可调整的金额",
    grid_outside_community: "网格代码应以社区代码开头",
    unknown_action: "不认识这个操作",
    assist_code_digits: "协助码是 6 位数字",
    assist_code_wrong: "协助码不对或已过期，请向工作人员确认",
    kiosk_id_number: "请输入完整的 18 位身份证号",
    kiosk_id_mistyped: "号码有误：这不是有效的身份证号，可能有一位按错了，请核对后重新输入",
    kiosk_phone: "请输入 11 位手机号",
    no_household_for_id: "没有找到这个身份证号登记的住户，请到窗口办理",
    no_household_for_phone: "没有找到登记这个手机号的住户，请用身份证号或到窗口办理",
    sms_code_too_many_tries: "验证码错误次数过多，请重新开始",
    sms_code_wrong: "验证码不对，请再看一下短信",
    bad_signature: "签名不对：回调未被接受",
    unreadable_callback: "回调内容无法读取",
    no_online_payment: "在线支付尚未开通，请到服务中心窗口或自助终端缴费",
    bill_paid_up: "这张账单已缴清",
    order_amount: "金额应大于零且不超过应缴的 {owed}",
    callback_amount: "回调金额 {paid} 与订单金额 {ordered} 不符",
    statement_amount: "对账单金额与订单金额不符，请与支付通道核实",
    grace_days: "宽限期应为 0–365 天",
    arrears_filter: "欠费月数应为 1–120，欠费金额不能为负",
    reminder_daily_limit: "本社区今天还能发送 {left} 条催缴短信（每天最多 {limit} 条），这次要发 {asked} 条。请按网格或楼栋分批发送，或明天再发",
    reminders_changed: "要发送的短信已有变化（有人缴费或已被提醒），现在要发 {now} 条，请重新确认",
    money: MoneyTexts { malformed: "金额应为数字，最多两位小数，如 12.34", too_large: "金额过大" },
    price: PriceTexts {
        price: "单价应为 0 到 10 万元之间", tiers: "阶梯应从低到高，最后一档不设上限"
    },
    ledger: LedgerTexts {
        not_positive: "金额应大于零",
        more_than_owed: "超过了应缴余额 {owed}",
        more_than_paid: "超过了已缴金额 {paid}",
    },
};

/// English.
pub const EN: BillRefusals = BillRefusals {
    fee_code: "A fee item's code has 1–16 capital letters or digits",
    fee_name: "A fee item's name has 1–32 characters",
    fee_kind: "The kind is area, metered or fixed",
    no_such_fee: "No such fee item, or it is retired",
    no_such_metered_fee: "No such metered fee item",
    bad_period: "A billing period is year-month, such as 2026-11",
    bad_day: "A date is year-month-day, such as 2026-11-28",
    payment_key: "Every payment needs an idempotency key of 8–64 characters",
    payment_channel: "The channel is cash, card, kiosk, online or prepaid",
    amount_not_positive: "The amount must be more than zero",
    prepaid_short: "The prepaid balance is short: it holds {left}",
    paid_meanwhile: "This bill has just been paid; it now owes {owed}",
    key_used_for_another_payment: "This idempotency key was used for another payment",
    deposit_key: "Every deposit needs an idempotency key of 8–64 characters",
    deposit_channel: "Deposits are taken in cash or by card only",
    deposit_not_positive: "A deposit must be more than zero",
    key_used_for_another_deposit: "This idempotency key was used for another deposit",
    negative_reading: "A reading cannot be negative",
    choose_building: "Choose the building",
    reading_below_last: "This reading, {reading}, is below the last one, {last}; if the meter was changed, say so",
    already_read: "This house is read for this period already",
    adjustment_reason: "Say why the waiver or refund is given (2–200 characters)",
    adjustment_kind: "The kind is waive or refund",
    choose_adjustment: "Choose the request to decide",
    second_person_decides: "Waivers and refunds are approved by another person",
    adjustment_decided_meanwhile: "Someone has just decided this request",
    adjustment_no_longer_fits: "The bill has changed: this waiver or refund is now more than can be adjusted",
    grid_outside_community: "A grid code starts with its community's code",
    unknown_action: "Unknown action",
    assist_code_digits: "An assistance code has 6 digits",
    assist_code_wrong: "Wrong or expired assistance code; check with the staff",
    kiosk_id_number: "Enter the whole 18-character ID number",
    kiosk_id_mistyped: "This number is wrong: it is not a valid ID number, perhaps one digit was mistyped; check it and type it again",
    kiosk_phone: "Enter the 11-digit mobile number",
    no_household_for_id: "No household is registered with this ID number; please go to the counter",
    no_household_for_phone: "No household is registered with this phone; use the ID number or go to the counter",
    sms_code_too_many_tries: "Too many wrong codes; start again",
    sms_code_wrong: "Wrong code; look at the text message again",
    bad_signature: "Wrong signature: the callback was not accepted",
    unreadable_callback: "The callback cannot be read",
    no_online_payment: "Online payment is not available yet; pay at the service centre's counter or a kiosk",
    bill_paid_up: "This bill is paid up",
    order_amount: "The amount must be more than zero and at most the {owed} owed",
    callback_amount: "The callback's amount {paid} differs from the order's {ordered}",
    statement_amount: "The statement's amount differs from the order's; check with the payment provider",
    grace_days: "A grace period is 0–365 days",
    arrears_filter: "Months owed is 1–120 and an amount cannot be negative",
    reminder_daily_limit: "This community may send {left} more reminders today ({limit} a day); this would send {asked}. Send by grid or building, or tomorrow",
    reminders_changed: "The reminders to send have changed (someone paid or was reminded meanwhile): {now} would go now; confirm again",
    money: MoneyTexts {
        malformed: "An amount is a number with at most two decimals, such as 12.34",
        too_large: "The amount is too large",
    },
    price: PriceTexts {
        price: "A price is from 0 to 100,000 yuan",
        tiers: "Tiers go from low to high, the last one without a bound",
    },
    ledger: LedgerTexts {
        not_positive: "The amount must be more than zero",
        more_than_owed: "More than the {owed} owed",
        more_than_paid: "More than the {paid} paid",
    },
};
