//! The service hall (便民服务): items, applications, 代办.

texts! {
    /// Texts of the service hall, applications and the item catalogue.
    pub struct ServiceTexts {
        /// The service hall, applying and following an application.
        hall: ServiceHall,
        /// The staff's list of applications and one application.
        applications: Applications,
        /// Applications' state tabs: (stored state, label).
        application_states: [(&'static str, &'static str); 6],
        /// Applications' actions: (key, label).
        application_actions: [(&'static str, &'static str); 7],
        /// A resident's own applications.
        mine: MyApplications,
        /// On a person's page: apply on their behalf (代办).
        proxy_for,
        /// Time left against the promised date.
        time_left,
        /// The leader's counts of applications.
        tally: Tally,
        /// Photos of an application's materials.
        materials,
        /// The catalogue of service items.
        items: ItemsPage,
        /// The fields of a service item.
        item_fields: ItemFields,
    }
}

texts! {
    /// The service hall, applying and following an application.
    pub struct ServiceHall {
        title, intro, materials, promised_days, steps, track_title, query_code,
        applied_phone, track_not_found, by_staff, proxy_consent, apply, phone_default, consent_example,
    }
}

texts! {
    /// The staff's list of applications and one application.
    pub struct Applications {
        title, promised_by, applicant, missing_materials,
    }
}

texts! {
    /// A resident's own applications.
    pub struct MyApplications {
        title, none, apply,
    }
}

texts! {
    /// The leader's counts of applications.
    pub struct Tally {
        item, total, overdue,
    }
}

texts! {
    /// The catalogue of service items.
    pub struct ItemsPage {
        title, intro, new_item, steps_note,
    }
}

texts! {
    /// The fields of a service item.
    pub struct ItemFields {
        code, name, department, eligibility, materials, form_fields, days, steps, at_home,
        proxy, offered,
    }
}

/// 简体中文.
pub const ZH: ServiceTexts = ServiceTexts {
    hall: ServiceHall {
        title: "便民服务大厅",
        intro: "少跑一趟路、少走一扇门：下列事项可在社区办理，行动不便的可由工作人员上门或代办。",
        materials: "所需材料",
        promised_days: "承诺时限（工作日）",
        steps: "办理环节",
        track_title: "办事进度查询",
        query_code: "查询码",
        applied_phone: "申请时留的手机号",
        track_not_found: "没有找到：请核对查询码和手机号",
        by_staff: "工作人员代办",
        proxy_consent: "代办：居民的同意方式",
        consent_example: "例如：本人当面同意",
        apply: "申请",
        phone_default: "留空则用登记的手机号",
    },
    applications: Applications {
        title: "办事申请",
        promised_by: "承诺办结",
        applicant: "申请人",
        missing_materials: "需补正的材料（用顿号或逗号分隔）",
    },
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
    mine: MyApplications { title: "我的办事", none: "还没有办事申请。", apply: "去办事" },
    proxy_for: "为其代办",
    time_left: "剩余时限",
    tally: Tally { item: "事项", total: "合计", overdue: "已超期" },
    materials: "材料照片（拍照或上传，最多 3 张）",
    items: ItemsPage {
        title: "服务事项",
        intro: "办事大厅里的事项：所需材料、表单项、承诺时限和办理环节都在这里设置。不再办理的事项取消“在办”即可，已有的申请不受影响。",
        new_item: "新增事项",
        steps_note: "修改办理环节只影响此后的申请；已提交的申请按提交时的环节办完。",
    },
    item_fields: ItemFields {
        code: "事项编码",
        name: "事项名称",
        department: "办理部门",
        eligibility: "申请条件",
        materials: "所需材料（每行一项，可注明要求）",
        form_fields: "表单项（每行一项）",
        days: "承诺时限（工作日）",
        steps: "办理环节（每行一个，按顺序）",
        at_home: "可上门办理",
        proxy: "可由工作人员代办",
        offered: "在办",
    },
};

/// English.
pub const EN: ServiceTexts = ServiceTexts {
    hall: ServiceHall {
        title: "Service hall",
        intro: "One trip less, one door less: these matters are handled at the community; staff come to the door or apply for you if you cannot come.",
        materials: "Materials",
        promised_days: "Promised (working days)",
        steps: "Steps",
        track_title: "Follow an application",
        query_code: "Query code",
        applied_phone: "The phone you applied with",
        track_not_found: "Not found: check the query code and the phone",
        by_staff: "Applied for by staff",
        proxy_consent: "Proxy: how the resident agreed",
        consent_example: "e.g. agreed in person",
        apply: "Apply",
        phone_default: "Empty: the registered phone",
    },
    applications: Applications {
        title: "Applications",
        promised_by: "Promised by",
        applicant: "Applicant",
        missing_materials: "Missing materials (comma-separated)",
    },
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
    mine: MyApplications { title: "My applications", none: "No applications yet.", apply: "Apply" },
    proxy_for: "Apply on their behalf",
    time_left: "Time left",
    tally: Tally { item: "Item", total: "Total", overdue: "Overdue" },
    materials: "Photos of the materials (take or upload, up to 3)",
    items: ItemsPage {
        title: "Service items",
        intro: "The items of the service hall: materials, form fields, promised time and steps are set here. Untick \"offered\" for an item no longer handled; existing applications are not affected.",
        new_item: "New item",
        steps_note: "Changed steps apply to new applications; those already made finish with the steps they were made with.",
    },
    item_fields: ItemFields {
        code: "Code",
        name: "Name",
        department: "Department",
        eligibility: "Who may apply",
        materials: "Materials (one per line, with any note)",
        form_fields: "Form fields (one per line)",
        days: "Promised (working days)",
        steps: "Steps (one per line, in order)",
        at_home: "Can be done at home",
        proxy: "Staff may apply on a resident's behalf",
        offered: "Offered",
    },
};
