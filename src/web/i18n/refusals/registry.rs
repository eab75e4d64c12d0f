//! Refusals of the registry: regions, places, households and people.

texts! {
    /// Refusals of the registry: regions, places, households and people.
    pub struct RegistryRefusals {
        too_many_codes, grid_digits, not_a_grid_here, not_a_grid, grid_numbering, sub_grid_numbering,
        grid_number, grid_name, grid_exists, boundary_on_grids_only, building_under_grid, building_name,
        building_name_taken, room_number, house_taken, house_use, house_area, org_under_grid, org_name,
        org_kind, credit_code, contact_phone_chars, already_closed, team_under_grid, team_role, phone_chars,
        no_such_account, worker_under_grid, person_name, already_registered, id_type_mismatch, moved_out,
        deceased, how_gone, ambiguous_address, wrong_password,
        /// An ID number as typed.
        id_number: IdNumberTexts,
        /// A passport's details.
        passport: PassportTexts,
        /// A person's facts.
        fact: FactTexts,
        /// The search box.
        search: SearchTexts,
        /// A grid's boundary.
        boundary: BoundaryTexts,
    }
}

texts! {
    /// An ID number as typed.
    pub struct IdNumberTexts { wrong_length, not_digits, spreadsheet_number, bad_birth_date, bad_checksum }
}

texts! {
    /// A passport's details.
    pub struct PassportTexts { number, birth_date, sex }
}

texts! {
    /// A person's facts.
    pub struct FactTexts { id_type, ethnicity, political, residency, employment }
}

texts! {
    /// The search box.
    pub struct SearchTexts { too_short, digits }
}

texts! {
    /// A grid's boundary.
    pub struct BoundaryTexts { not_json, not_polygon, no_ring, short_ring, position, open_ring }
}

/// 简体中文.
pub const ZH: RegistryRefusals = RegistryRefusals {
    too_many_codes: "一次最多查询 {max} 个代码",
    grid_digits: "网格代码应为数字",
    not_a_grid_here: "不是本社区的网格",
    not_a_grid: "{code} 不是网格",
    grid_numbering: "网格在社区内编号，应为 1–999",
    sub_grid_numbering: "四级网格在网格内编号，应为 1–999",
    grid_number: "网格编号为 1–999 的数字",
    grid_name: "网格名称不能为空，且不超过 32 个字",
    grid_exists: "这个编号的网格已经存在",
    boundary_on_grids_only: "只有网格有边界",
    building_under_grid: "楼栋登记在网格下",
    building_name: "楼栋名称不能为空，且不超过 64 个字",
    building_name_taken: "本网格已有同名楼栋",
    room_number: "房号不能为空，且不超过 16 个字",
    house_taken: "该房屋已有住户：请在住户页登记迁入的人",
    house_use: "房屋用途应为：{uses}",
    house_area: "面积应为 0–10000 之间的数字，最多两位小数",
    org_under_grid: "实有单位登记在网格下",
    org_name: "名称不能为空，且不超过 64 个字",
    org_kind: "类型应为：{kinds}",
    credit_code: "统一社会信用代码应为 18 位，且校验位正确",
    contact_phone_chars: "联系电话只能是数字和“-”",
    already_closed: "已注销",
    team_under_grid: "团队属于网格",
    team_role: "角色应为：{roles}",
    phone_chars: "电话只能是数字和“-”",
    no_such_account: "找不到这个账号（用户名或手机号）",
    worker_under_grid: "网格员分配到网格",
    person_name: "姓名不能为空，且不超过 32 个字",
    already_registered: "{masked} 已登记在册：请在其个人页办理迁居",
    id_type_mismatch: "证件类型与证件号码不符，请重新登记",
    moved_out: "此人已迁出",
    deceased: "此人已故",
    how_gone: "请选择迁出或死亡",
    ambiguous_address: "找不到唯一的目标房屋，请写出楼栋全名和房号。",
    wrong_password: "密码不正确",
    id_number: IdNumberTexts {
        wrong_length: "身份证号应为 18 位。",
        not_digits: "身份证号只能是数字，最后一位可以是 X。",
        spreadsheet_number: "身份证号被表格软件当成了数字（如 4.11102E+17 或末三位变成 000）。请把该列设置为“文本”格式后重新录入。",
        bad_birth_date: "身份证号中的出生日期不是有效日期。",
        bad_checksum: "身份证号校验位不对，可能有数字录错了，请核对。",
    },
    passport: PassportTexts {
        number: "护照号应为 5–20 位字母和数字。",
        birth_date: "护照登记需填写出生日期（如 1980-01-31），且不能晚于今天。",
        sex: "护照登记需填写性别（男或女）。",
    },
    fact: FactTexts {
        id_type: "证件类型应为：{types}",
        ethnicity: "无法识别的民族“{typed}”，请填写如“汉族”或代码“01”",
        political: "政治面貌应为：{statuses}",
        residency: "人口类型应为：{kinds}",
        employment: "工作单位/就业情况不超过 32 个字",
    },
    search: SearchTexts {
        too_short: "请至少输入 2 个字，或 4 位数字。",
        digits: "数字请输入完整的身份证号或手机号、手机号后 4 位，或“姓名 + 身份证后 4 位”（如 王丽娥 0011）。",
    },
    boundary: BoundaryTexts {
        not_json: "边界不是 JSON",
        not_polygon: "边界应为 GeoJSON Polygon",
        no_ring: "coordinates 应为至少一个环",
        short_ring: "每个环至少 4 个点且首尾相同",
        position: "坐标应为 [经度, 纬度]",
        open_ring: "环未闭合：首尾点应相同",
    },
};

/// English.
pub const EN: RegistryRefusals = RegistryRefusals {
    too_many_codes: "At most {max} codes at a time",
    grid_digits: "A grid code is digits",
    not_a_grid_here: "Not a grid of this community",
    not_a_grid: "{code} is not a grid",
    grid_numbering: "A grid is numbered 1–999 within a community",
    sub_grid_numbering: "A sub-grid is numbered 1–999 within a grid",
    grid_number: "A grid's number is 1–999",
    grid_name: "A grid's name has 1–32 characters",
    grid_exists: "A grid with this number exists",
    boundary_on_grids_only: "Only grids have boundaries",
    building_under_grid: "Buildings belong to a grid",
    building_name: "A building's name has 1–64 characters",
    building_name_taken: "This grid has a building of this name",
    room_number: "A room number has 1–16 characters",
    house_taken: "This house has a household: register who moves in on the household's page",
    house_use: "A house's use is one of: {uses}",
    house_area: "The area is a number from 0 to 10000, with at most two decimals",
    org_under_grid: "Organisations belong to a grid",
    org_name: "A name has 1–64 characters",
    org_kind: "The kind is one of: {kinds}",
    credit_code: "A unified social credit code has 18 characters and a right check character",
    contact_phone_chars: "A contact phone has only digits and '-'",
    already_closed: "Already closed",
    team_under_grid: "A team belongs to a grid",
    team_role: "The role is one of: {roles}",
    phone_chars: "A phone has only digits and '-'",
    no_such_account: "No account has this user name or phone number",
    worker_under_grid: "Grid workers are assigned to a grid",
    person_name: "A name has 1–32 characters",
    already_registered: "{masked} is registered already: record the move on their page",
    id_type_mismatch: "The document type does not fit the number: register the person again",
    moved_out: "This person has moved out",
    deceased: "This person has died",
    how_gone: "Choose moved out or died",
    ambiguous_address: "No single house matches; give the full building name and room.",
    wrong_password: "Wrong password",
    id_number: IdNumberTexts {
        wrong_length: "An ID number has 18 characters.",
        not_digits: "An ID number has only digits, and X as the last character.",
        spreadsheet_number: "The spreadsheet stored the ID number as a number (such as 4.11102E+17, or its last three digits turned to 000). Format the column as text and enter it again.",
        bad_birth_date: "The birth date inside the ID number is not a real date.",
        bad_checksum: "The ID number's check digit does not match: a digit is mistyped.",
    },
    passport: PassportTexts {
        number: "A passport number has 5–20 letters and digits.",
        birth_date: "A passport needs the birth date (such as 1980-01-31), not after today.",
        sex: "A passport needs the sex: male or female.",
    },
    fact: FactTexts {
        id_type: "The document type is one of: {types}",
        ethnicity: "Unknown ethnicity “{typed}”: give its name or its two-digit code, such as 01",
        political: "The political status is one of: {statuses}",
        residency: "The residency is one of: {kinds}",
        employment: "Work or school has at most 32 characters",
    },
    search: SearchTexts {
        too_short: "Type at least 2 characters, or 4 digits.",
        digits: "For digits, give a whole ID or phone number, a phone's last 4, or a name with the ID's last 4 (such as Wang 0011).",
    },
    boundary: BoundaryTexts {
        not_json: "The boundary is not JSON",
        not_polygon: "The boundary must be a GeoJSON Polygon",
        no_ring: "coordinates must hold at least one ring",
        short_ring: "Each ring needs 4 positions, the last equal to the first",
        position: "Positions are [longitude, latitude]",
        open_ring: "A ring must end where it starts",
    },
};
