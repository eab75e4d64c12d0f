//! Bills, payments, receipts, readings, arrears, reconciliation.

texts! {
    /// Texts of bills, payments and receipts.
    pub struct BillTexts {
        /// A receipt.
        receipt: Receipt,
        /// The payment counter.
        counter: Counter,
        /// The counter's payment channels.
        channels: Channels,
        /// A resident's bills.
        mine,
        /// The local payment provider's page.
        sim: PaySim,
        /// Pay online.
        pay_online,
        /// How much to pay (a resident may pay part).
        pay_amount,
        /// The local provider's lost-callback switch.
        sim_lost: SimLost,
        /// Reconciliation with a payment provider.
        reconcile: Reconcile,
        /// A prepaid balance.
        prepaid: Prepaid,
        /// The billing page.
        billing: Billing,
        /// Fee kinds: (key, label).
        kinds: [(&'static str, &'static str); 3],
        /// A bill run's result.
        run: Run,
        /// Recording one meter reading.
        reading: Reading,
        /// The reading round of a building, and importing a reading sheet.
        round: Round,
        /// Arrears and reminders.
        arrears: Arrears,
        /// Waivers and refunds.
        adjust: Adjust,
    }
}

texts! {
    /// A receipt.
    pub struct Receipt {
        title, receipt_no, fee, charged, paid_now, how_by_when, bill_state, still_owed, print_hint,
        office, office_suffix, address, payer, cashier, when, check_code, check_hint, print, paper, paper_80,
        paper_a4, verify_title, verify_intro, verify_submit, verify_real, verify_amount, verify_day,
        verify_not_found, verify_too_many,
    }
}

texts! {
    /// The payment counter.
    pub struct Counter {
        title, search_label, no_bills, paid, amount, channel, submit,
    }
}

texts! {
    /// The counter's payment channels.
    pub struct Channels {
        cash, card,
    }
}

texts! {
    /// The local payment provider's page.
    pub struct PaySim {
        title, intro, order_no, amount, pay_button, paid,
    }
}

texts! {
    /// The local provider's lost-callback switch.
    pub struct SimLost {
        switch, charged_only,
    }
}

texts! {
    /// Reconciliation with a payment provider.
    pub struct Reconcile {
        title, day, channel, count, total, taken_by, provider, matched, differences,
        no_differences, not_applied, not_charged, amount_differs, apply, applied, show,
        deposits, not_on_statement, online, local_provider, order_no, all,
    }
}

texts! {
    /// A prepaid balance.
    pub struct Prepaid {
        title, balance, deposit_amount, deposit_submit, pay_from_balance, history, deposit,
        spent, deposit_receipt, how_used, too_little,
    }
}

texts! {
    /// The billing page.
    pub struct Billing {
        title, fee_items, no_fee_items, code, name, price, fee_form, kind, price_yuan,
        tiers, unit, run_title, period, arrears, send_reminders,
    }
}

texts! {
    /// A bill run's result.
    pub struct Run {
        created, existing, unread, reminded, paid_from_prepaid, all_buildings,
    }
}

texts! {
    /// Recording one meter reading.
    pub struct Reading {
        title, fee_item, period, reading, new_meter, recorded,
    }
}

texts! {
    /// The reading round of a building, and importing a reading sheet.
    pub struct Round {
        title, building, last, first_reading, read, import_title, import_columns, file,
        check_only, import, imported, checked, bad_rows, no_metered_item,
    }
}

texts! {
    /// Arrears and reminders.
    pub struct Arrears {
        title, grid, all_grids, houses, owed, bills, since, none, remind, bad_grid, building,
        all_buildings, months_at_least, amount_at_least, months, page_of, previous, next, confirm_title,
        will_send, unreachable, reminded_today, left_today, text_first, all_texts, confirm, back,
        nothing_to_send, grace_days, grace_hint,
    }
}

texts! {
    /// Waivers and refunds.
    pub struct Adjust {
        title, ask_title, kind, amount, reason, submit, approve, reject, waiting, approved,
        rejected, asked_by, decided_by, none_waiting, asked, waive, refund, who_decides,
    }
}

/// 简体中文.
pub const ZH: BillTexts = BillTexts {
    receipt: Receipt {
        title: "缴费收据",
        receipt_no: "收据号",
        fee: "收费项目",
        charged: "计费",
        paid_now: "本次实收",
        how_by_when: "方式 · 经办 · 时间",
        bill_state: "账单状态",
        still_owed: "尚欠",
        print_hint: "按 Ctrl+P（手机用浏览器菜单）打印本收据。",
        office: "开票单位",
        office_suffix: "服务中心",
        address: "房屋",
        payer: "缴费人",
        cashier: "收款人",
        when: "时间",
        check_code: "核验码",
        check_hint: "扫描二维码，或在 linli 的“收据核验”页输入收据号和核验码，可核对这张收据的真伪。",
        print: "打印",
        paper: "纸张",
        paper_80: "80 毫米小票",
        paper_a4: "A4 纸",
        verify_title: "收据核验",
        verify_intro: "输入收据上的收据号和核验码，核对收据是否由本平台开出。这里只显示金额和日期，不显示任何个人信息。",
        verify_submit: "核验",
        verify_real: "真实有效：本平台开出的收据",
        verify_amount: "金额",
        verify_day: "日期",
        verify_not_found: "没有找到这张收据：请核对收据号和核验码。",
        verify_too_many: "核验次数过多，请 10 分钟后再试。",
    },
    counter: Counter {
        title: "缴费窗口",
        search_label: "查找居民：手机号、身份证后几位、姓名或“3号楼 101”",
        no_bills: "没有账单。",
        paid: "已缴",
        amount: "收款",
        channel: "付款方式",
        submit: "收款并出收据",
    },
    channels: Channels { cash: "现金", card: "刷卡" },
    mine: "我的账单",
    sim: PaySim {
        title: "模拟支付",
        intro: "本地支付通道：与微信支付、支付宝一样下单、付款、签名回调，不经过任何外部网络。",
        order_no: "订单号",
        amount: "金额",
        pay_button: "确认支付",
        paid: "支付成功，已入账。",
    },
    pay_online: "在线缴费",
    pay_amount: "金额（元）",
    sim_lost: SimLost {
        switch: "模拟回调丢失（只扣款，不通知 linli）",
        charged_only: "已扣款，但回调没有送达 linli：这笔钱会出现在对账的差异里。",
    },
    reconcile: Reconcile {
        title: "对账",
        day: "日期",
        channel: "渠道",
        count: "笔数",
        total: "金额",
        taken_by: "经办",
        provider: "支付通道",
        matched: "一致",
        differences: "差异",
        no_differences: "没有差异。",
        not_applied: "通道已扣款，linli 未入账",
        not_charged: "linli 已入账，通道无此笔",
        amount_differs: "金额不一致",
        apply: "按对账单入账",
        applied: "已按对账单入账，收据号",
        show: "查看",
        deposits: "预存",
        not_on_statement: "那天的对账单上没有这笔订单。",
        online: "在线支付",
        local_provider: "本地支付通道",
        order_no: "订单号",
        all: "合计",
    },
    prepaid: Prepaid {
        title: "预存款",
        balance: "余额",
        deposit_amount: "预存金额（元）",
        deposit_submit: "收款并出收据",
        pay_from_balance: "用预存款缴",
        history: "预存款明细",
        deposit: "预存",
        spent: "抵扣",
        deposit_receipt: "预存款收据",
        how_used: "出账时自动从预存款抵扣。",
        too_little: "预存款余额不足",
    },
    billing: Billing {
        title: "收费管理",
        fee_items: "收费项目",
        no_fee_items: "还没有收费项目。",
        code: "编码",
        name: "名称",
        price: "单价",
        fee_form: "新增或修改收费项目",
        kind: "计费方式",
        price_yuan: "单价（元；按面积为每平方米每月）",
        tiers: "阶梯（每行“上限 单价”，最后一档上限写 -）",
        unit: "计量单位",
        run_title: "生成账单",
        period: "账期",
        arrears: "欠费",
        send_reminders: "发送催缴短信",
    },
    kinds: [("area", "按面积（物业费）"), ("metered", "按用量阶梯（水电气）"), ("fixed", "固定金额")],
    run: Run {
        created: "新生成",
        existing: "已有",
        unread: "未抄表",
        reminded: "已发送催缴短信",
        paid_from_prepaid: "预存款抵扣",
        all_buildings: "全部楼栋",
    },
    reading: Reading {
        title: "抄表",
        fee_item: "收费项目",
        period: "账期",
        reading: "本期读数",
        new_meter: "本期换了新表",
        recorded: "已记录抄表，本期用量",
    },
    round: Round {
        title: "抄表",
        building: "楼栋",
        last: "上期",
        first_reading: "首次抄表",
        read: "已抄",
        import_title: "导入抄表单",
        import_columns: "表格需有“楼栋”“单元”“房号”“本期读数”列，可有“换表”列（填“是”）；XLSX 或 CSV（UTF-8 或 GBK）。有一行出错则全部不写入。",
        file: "抄表单文件",
        check_only: "只检查，不写入",
        import: "导入",
        imported: "已导入抄表",
        checked: "检查通过（未写入），可导入的抄表",
        bad_rows: "以下各行有问题，整张表未写入：",
        no_metered_item: "还没有按用量收费的项目：请先在“收费管理”里添加水费、电费或燃气费。",
    },
    arrears: Arrears {
        title: "欠费催缴",
        grid: "网格",
        all_grids: "全部网格",
        houses: "户",
        owed: "共欠",
        bills: "笔",
        since: "自",
        none: "没有欠费的户。",
        remind: "向筛选出的各户发送催缴短信…",
        bad_grid: "没有这个网格，或不在您负责的范围内。",
        building: "楼栋",
        all_buildings: "全部楼栋",
        months_at_least: "欠费月数至少",
        amount_at_least: "欠费金额至少（元）",
        months: "个月",
        page_of: "第 {page} 页，共 {pages} 页",
        previous: "上一页",
        next: "下一页",
        confirm_title: "确认发送催缴短信",
        will_send: "将向 {households} 户发送 {messages} 条短信（每户一条）。",
        unreachable: "户没有登记手机号，不发送",
        reminded_today: "户今天已提醒过，不再发送",
        left_today: "本社区今天还可发送 {left} 条（每天最多 {limit} 条）。",
        text_first: "短信原文（第一户）",
        all_texts: "逐条查看全部短信",
        confirm: "确认发送",
        back: "返回欠费名单",
        nothing_to_send: "没有要发送的短信。",
        grace_days: "宽限期（天）",
        grace_hint: "账单开出后超过这些天仍未缴清，才算欠费、进入催缴名单；不填则保持原值（新项目 30 天）。",
    },
    adjust: Adjust {
        title: "减免与退款",
        ask_title: "申请减免或退款",
        kind: "类型",
        amount: "金额（元）",
        reason: "原因",
        submit: "提交审批",
        approve: "批准",
        reject: "驳回",
        waiting: "待审批",
        approved: "已批准",
        rejected: "已驳回",
        asked_by: "申请人",
        decided_by: "审批人",
        none_waiting: "没有待审批的申请。",
        asked: "已提交，待社区负责人审批。",
        waive: "减免",
        refund: "退款",
        who_decides: "只有社区负责人（或街道、区管理员）可以审批，且不能审批自己提交的申请。",
    },
};

/// English.
pub const EN: BillTexts = BillTexts {
    receipt: Receipt {
        title: "Receipt",
        receipt_no: "Receipt no.",
        fee: "Fee",
        charged: "Charged",
        paid_now: "Paid now",
        how_by_when: "How · taken by · when",
        bill_state: "Bill",
        still_owed: "Still owed",
        print_hint: "Press Ctrl+P (on a phone, the browser menu) to print.",
        office: "Issued by",
        office_suffix: " Service Centre",
        address: "House",
        payer: "Payer",
        cashier: "Cashier",
        when: "Time",
        check_code: "Check code",
        check_hint: "Scan the QR code, or enter the receipt number and check code on linli's Check a receipt page, to see that this receipt is real.",
        print: "Print",
        paper: "Paper",
        paper_80: "80 mm slip",
        paper_a4: "A4",
        verify_title: "Check a receipt",
        verify_intro: "Enter the receipt number and check code printed on a receipt to see whether this platform issued it. Only the amount and the day are shown, nothing personal.",
        verify_submit: "Check",
        verify_real: "Real: a receipt issued by this platform",
        verify_amount: "Amount",
        verify_day: "Day",
        verify_not_found: "No such receipt: check the receipt number and the check code.",
        verify_too_many: "Too many checks; try again in 10 minutes.",
    },
    counter: Counter {
        title: "Payment counter",
        search_label: "Find the resident: phone, last digits of the ID, name or \"3号楼 101\"",
        no_bills: "No bills.",
        paid: "Paid",
        amount: "Amount",
        channel: "How",
        submit: "Take payment, print receipt",
    },
    channels: Channels { cash: "Cash", card: "Card" },
    mine: "My bills",
    sim: PaySim {
        title: "Simulated payment",
        intro: "The local payment channel: ordered, paid and confirmed by a signed callback like WeChat Pay or Alipay, without leaving this machine.",
        order_no: "Order no.",
        amount: "Amount",
        pay_button: "Pay",
        paid: "Paid and credited.",
    },
    pay_online: "Pay online",
    pay_amount: "Amount (yuan)",
    sim_lost: SimLost {
        switch: "Simulate a lost callback (charge, do not tell linli)",
        charged_only: "Charged, but the callback did not reach linli: this money will show as a difference in reconciliation.",
    },
    reconcile: Reconcile {
        title: "Reconciliation",
        day: "Day",
        channel: "Channel",
        count: "Payments",
        total: "Total",
        taken_by: "Taken by",
        provider: "Provider",
        matched: "Matched",
        differences: "Differences",
        no_differences: "No differences.",
        not_applied: "Charged by the provider, not applied in linli",
        not_charged: "Applied in linli, not on the provider's statement",
        amount_differs: "Amounts differ",
        apply: "Apply from the statement",
        applied: "Applied from the statement; receipt",
        show: "Show",
        deposits: "Deposits",
        online: "Online payment",
        local_provider: "local payment provider",
        order_no: "Order",
        all: "All",
        not_on_statement: "That day's statement has no such order.",
    },
    prepaid: Prepaid {
        title: "Prepaid balance",
        balance: "Balance",
        deposit_amount: "Amount to deposit (yuan)",
        deposit_submit: "Take it, print receipt",
        pay_from_balance: "Pay from the balance",
        history: "Balance history",
        deposit: "Deposit",
        spent: "Spent",
        deposit_receipt: "Deposit receipt",
        how_used: "New bills are paid from the balance when they are made.",
        too_little: "The balance is too low",
    },
    billing: Billing {
        title: "Billing",
        fee_items: "Fee items",
        no_fee_items: "No fee items yet.",
        code: "Code",
        name: "Name",
        price: "Price",
        fee_form: "Add or change a fee item",
        kind: "Charged",
        price_yuan: "Price (yuan; by area: per m² per month)",
        tiers: "Tiers (a line each: \"up to price\"; the last up to is -)",
        unit: "Unit",
        run_title: "Bill a period",
        period: "Period",
        arrears: "Arrears",
        send_reminders: "Send reminders by SMS",
    },
    kinds: [
        ("area", "By area (property fee)"),
        ("metered", "Metered, in tiers (water, power, gas)"),
        ("fixed", "Fixed"),
    ],
    run: Run {
        created: "new",
        existing: "existing",
        unread: "without a reading",
        reminded: "reminders sent",
        paid_from_prepaid: "paid from prepaid",
        all_buildings: "All buildings",
    },
    reading: Reading {
        title: "Meter reading",
        fee_item: "Fee item",
        period: "Period",
        reading: "Reading",
        new_meter: "A new meter was fitted",
        recorded: "Reading recorded; use this period",
    },
    round: Round {
        title: "Meter reading",
        building: "Building",
        last: "Last",
        first_reading: "First reading",
        read: "Read",
        import_title: "Import a reading sheet",
        import_columns: "The sheet needs the columns 楼栋, 单元, 房号 and 本期读数, and may have 换表 (\"是\" for a new meter); XLSX or CSV (UTF-8 or GBK). One bad row and nothing is written.",
        file: "Reading sheet",
        check_only: "Check only, write nothing",
        import: "Import",
        imported: "Readings imported",
        checked: "Checked (nothing written); readings that can be imported",
        bad_rows: "These rows have problems; nothing of the sheet was written:",
        no_metered_item: "No metered fee item yet: add water, power or gas under Billing first.",
    },
    arrears: Arrears {
        title: "Arrears",
        grid: "Grid",
        all_grids: "All grids",
        houses: "houses",
        owed: "owed in all",
        bills: "bills",
        since: "since",
        none: "No house owes anything.",
        remind: "Send reminders by SMS to the houses shown…",
        bad_grid: "No such grid, or not one you look after.",
        building: "Building",
        all_buildings: "All buildings",
        months_at_least: "Months owed, at least",
        amount_at_least: "Owed at least (yuan)",
        months: "months",
        page_of: "Page {page} of {pages}",
        previous: "Previous",
        next: "Next",
        confirm_title: "Confirm the payment reminders",
        will_send: "{messages} text messages will go to {households} households (one each).",
        unreachable: "houses have no phone on record: none sent",
        reminded_today: "houses were reminded today already: none sent",
        left_today: "This community may send {left} more today ({limit} a day).",
        text_first: "The message, exactly (first household)",
        all_texts: "See every message",
        confirm: "Send them",
        back: "Back to the arrears list",
        nothing_to_send: "No message to send.",
        grace_days: "Grace period (days)",
        grace_hint: "A bill counts as owing, and is reminded, only once this many days have passed since it was issued; leave empty to keep the item's own (new items: 30 days).",
    },
    adjust: Adjust {
        title: "Waivers and refunds",
        ask_title: "Ask for a waiver or refund",
        kind: "Kind",
        amount: "Amount (yuan)",
        reason: "Reason",
        submit: "Ask for approval",
        approve: "Approve",
        reject: "Reject",
        waiting: "Waiting",
        approved: "Approved",
        rejected: "Rejected",
        asked_by: "Asked by",
        decided_by: "Decided by",
        none_waiting: "Nothing waiting.",
        asked: "Asked; waiting for the community head's approval.",
        waive: "Waive",
        refund: "Refund",
        who_decides: "Only the community head (or a street or district admin) approves, and never a request of their own.",
    },
};

impl Reconcile {
    /// How linli and the provider disagree, in words.
    pub fn gap(&self, gap: &crate::app::bills::reconcile::Gap) -> &'static str {
        use crate::app::bills::reconcile::Gap;
        match gap {
            Gap::NotApplied => self.not_applied,
            Gap::NotCharged => self.not_charged,
            Gap::AmountDiffers => self.amount_differs,
        }
    }
}
