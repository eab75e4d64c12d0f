//! Refusals of the centre's counters: the produce counter (助农展销).

texts! {
    /// The words.
    pub struct CentreRefusals {
        enterprise_name, village, product_name, text, unit, price, nothing, quantity, short,
        pickup_full, pickup_choose, pickup_times, buyer_name, order_not_now, pickup_code,
    }
}

/// 简体中文.
pub const ZH: CentreRefusals = CentreRefusals {
    enterprise_name: "请填写企业名称（最多 60 字），同一社区不能重名",
    village: "请填写帮扶的村（最多 60 字）",
    product_name: "请填写产品名称（最多 40 字），同一企业不能重名",
    text: "内容太长：介绍最多 2000 字，产地最多 60 字，认证最多 200 字，保质期最多 40 字",
    unit: "请填写计量单位，如 袋、斤、盒（最多 10 字）",
    price: "单价应在 0.01 元到 10000 元之间",
    nothing: "请至少选择一种产品（一次最多 20 种）",
    quantity: "每种产品每次订 1 到 99 份",
    short: "“{name}”库存不足，只剩 {left} 份",
    pickup_full: "这个取货时段已经约满，请换一个时段",
    pickup_choose: "请选择一个还没结束的取货时段",
    pickup_times: "取货时段应在 60 天之内、结束晚于开始（最长 12 小时），名额 1 到 500",
    buyer_name: "请填写取货人姓名（最多 20 字）",
    order_not_now: "这个订单现在不能这样处理（可能已支付、已取货或已释放），请刷新后再看",
    pickup_code: "取货码不对，请核对订单上的 6 位取货码",
};

/// English.
pub const EN: CentreRefusals = CentreRefusals {
    enterprise_name: "Give the enterprise's name (at most 60 characters), not one the community has already",
    village: "Give the village it helps (at most 60 characters)",
    product_name: "Give the product's name (at most 40 characters), not one the enterprise has already",
    text: "Too long: the story takes at most 2,000 characters, origin 60, certificates 200, shelf life 40",
    unit: "Give the unit it is sold by, such as bag, jin or box (at most 10 characters)",
    price: "A price is between ¥0.01 and ¥10,000",
    nothing: "Choose at least one product (at most 20 at once)",
    quantity: "Order 1 to 99 of each product",
    short: "Not enough “{name}” left: {left}",
    pickup_full: "This pickup time is fully booked: choose another",
    pickup_choose: "Choose a pickup time that is not over yet",
    pickup_times: "A pickup time lies within 60 days and ends after it starts (at most 12 hours), with 1 to 500 places",
    buyer_name: "Give the name of who collects it (at most 20 characters)",
    order_not_now: "This order cannot be handled so now (it may be paid, collected or released): reload and look again",
    pickup_code: "That is not the order's pickup code: check the 6 digits on the order",
};
