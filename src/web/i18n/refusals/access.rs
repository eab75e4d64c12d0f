//! Refusals of accounts, tokens, the audit log and the keys.

texts! {
    /// Refusals of accounts, tokens, the audit log and the keys.
    pub struct AccessRefusals {
        username, username_or_phone, display_name, phone_taken, username_taken, token_name, no_scope,
        token_name_taken, no_second_factor, sign_in_failed, not_in_registry, audit_kept, key_file, unopenable,
        /// The password policy.
        password: PasswordTexts,
    }
}

texts! {
    /// The password policy.
    pub struct PasswordTexts { too_short, common, personal }
}

/// 简体中文.
pub const ZH: AccessRefusals = AccessRefusals {
    username: "用户名应为 3–32 位字母、数字或 . _ -，且不能全是数字",
    username_or_phone: "请填写用户名或手机号",
    display_name: "显示名称应为 1–64 个字",
    phone_taken: "另一个账号已使用这个手机号",
    username_taken: "另一个账号已使用这个用户名",
    token_name: "令牌名称应为 1–64 个字",
    no_scope: "请至少选择一项权限",
    token_name_taken: "已有同名的令牌",
    no_second_factor: "这个账号没有开启两步验证",
    sign_in_failed: "登录失败",
    not_in_registry: "本社区人口登记中没有这个身份证号，无法关联到住户。请先为其办理迁入登记，再核实通过；或选择不通过",
    audit_kept: "审计记录至少保留 {days} 天",
    key_file: "密钥文件出错：{error}",
    unopenable: "记录 {account} 有一项加密数据，密钥环中没有能打开它的密钥",
    password: PasswordTexts {
        too_short: "密码至少需要 8 个字符。",
        common: "这个密码太常见，容易被猜到，请换一个。",
        personal: "密码不能包含手机号、身份证号或用户名。",
    },
};

/// English.
pub const EN: AccessRefusals = AccessRefusals {
    username: "A user name has 3–32 letters, digits, '.', '_' or '-', and not only digits",
    username_or_phone: "A user name or a phone number is needed",
    display_name: "A display name has 1–64 characters",
    phone_taken: "Another account has this phone number",
    username_taken: "Another account has this user name",
    token_name: "A token's name has 1–64 characters",
    no_scope: "Choose at least one scope",
    token_name_taken: "Another token has this name",
    no_second_factor: "This account has no second factor",
    sign_in_failed: "Sign-in failed",
    not_in_registry: "Nobody with this ID number is in this community's registry, so there is no household to link the account to. Register the person moving in first, then approve; or reject",
    audit_kept: "Audit entries are kept at least {days} days",
    key_file: "The key file failed: {error}",
    unopenable: "Record {account} has a sealed value that no key in the ring opens",
    password: PasswordTexts {
        too_short: "A password needs at least 8 characters.",
        common: "This password is too common; choose another.",
        personal: "A password may not contain the phone number, ID number or user name.",
    },
};
