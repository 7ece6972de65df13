//! The left menu (左侧菜单) of each role, and which role may open which page.

use api_types::Role;

/// One entry of the left menu; also the title of its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MenuItem {
    /// Route of the page.
    pub path: &'static str,
    /// Suffix of the item's `data-test` (`menu-item-<test_id>`): the path's last segment,
    /// prefixed `review-` / `admin-` in those menus so that it is unique across all menus.
    pub test_id: &'static str,
    /// Label in the menu and title of the page.
    pub title: &'static str,
}

/// A role's menu: a heading and its items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Menu {
    /// The role that sees this menu and may open its pages.
    pub role: Role,
    /// `data-test` of the menu container.
    pub test_id: &'static str,
    /// Heading above the items.
    pub heading: &'static str,
    /// The items, in the manual's order.
    pub items: &'static [MenuItem],
}

/// 单位经办人: the manual's left menu under 退休保障管理.
pub const UNIT_MENU: Menu = Menu {
    role: Role::Unit,
    test_id: "menu-unit",
    heading: "退休保障管理",
    items: &[
        MenuItem {
            path: "/unit/operator",
            test_id: "operator",
            title: "经办人信息",
        },
        MenuItem {
            path: "/unit/code-applications",
            test_id: "code-applications",
            title: "参保编码申请",
        },
        MenuItem {
            path: "/unit/batches",
            test_id: "batches",
            title: "参保办理",
        },
        MenuItem {
            path: "/unit/vouchers",
            test_id: "vouchers",
            title: "缴费凭证管理",
        },
        MenuItem {
            path: "/unit/api-keys",
            test_id: "api-keys",
            title: "接口密钥",
        },
    ],
};

/// 职保会审核员.
pub const REVIEWER_MENU: Menu = Menu {
    role: Role::Reviewer,
    test_id: "menu-reviewer",
    heading: "审核管理",
    items: &[
        MenuItem {
            path: "/review/code-applications",
            test_id: "review-code-applications",
            title: "参保编码审核",
        },
        MenuItem {
            path: "/review/name-changes",
            test_id: "review-name-changes",
            title: "单位名称变更审核",
        },
        MenuItem {
            path: "/review/batches",
            test_id: "review-batches",
            title: "参保批次审核",
        },
        MenuItem {
            path: "/review/vouchers",
            test_id: "review-vouchers",
            title: "缴费凭证审核",
        },
        MenuItem {
            path: "/review/statistics",
            test_id: "review-statistics",
            title: "统计",
        },
        MenuItem {
            path: "/review/audit-log",
            test_id: "review-audit-log",
            title: "操作日志",
        },
    ],
};

/// 管理员.
pub const ADMIN_MENU: Menu = Menu {
    role: Role::Admin,
    test_id: "menu-admin",
    heading: "系统管理",
    items: &[
        MenuItem {
            path: "/admin/accounts",
            test_id: "admin-accounts",
            title: "账号管理",
        },
        MenuItem {
            path: "/admin/plan-years",
            test_id: "admin-plan-years",
            title: "保障年度设置",
        },
        MenuItem {
            path: "/admin/dictionaries",
            test_id: "admin-dictionaries",
            title: "字典维护",
        },
        MenuItem {
            path: "/admin/api-keys",
            test_id: "admin-api-keys",
            title: "接口密钥",
        },
    ],
};

/// Every menu, in display order.
pub const MENUS: [Menu; 3] = [UNIT_MENU, REVIEWER_MENU, ADMIN_MENU];

/// The menu a role sees.
pub fn menu_for(role: Role) -> Menu {
    match role {
        Role::Unit => UNIT_MENU,
        Role::Reviewer => REVIEWER_MENU,
        Role::Admin => ADMIN_MENU,
    }
}

/// The menu (and so the role) a path belongs to, with the matching item.
///
/// A path below an item (`/unit/batches/…`) belongs to that item.
pub fn find(path: &str) -> Option<(Menu, MenuItem)> {
    let path = path.trim_end_matches('/');
    MENUS.iter().find_map(|menu| {
        menu.items
            .iter()
            .find(|item| {
                path == item.path
                    || path
                        .strip_prefix(item.path)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map(|item| (*menu, *item))
    })
}

/// Whether `role` may open `path`: pages outside every menu are open to any logged-in role.
pub fn allows(role: Role, path: &str) -> bool {
    find(path).is_none_or(|(menu, _)| menu.role == role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_path_and_test_id_is_unique() {
        let items: Vec<MenuItem> = MENUS.iter().flat_map(|m| m.items.iter().copied()).collect();
        for (i, a) in items.iter().enumerate() {
            for b in &items[i + 1..] {
                assert_ne!(a.path, b.path);
                assert_ne!(a.test_id, b.test_id);
            }
        }
    }

    #[test]
    fn test_id_is_the_last_segment_prefixed_outside_the_unit_menu() {
        for menu in MENUS {
            let prefix = match menu.role {
                Role::Unit => "",
                Role::Reviewer => "review-",
                Role::Admin => "admin-",
            };
            for item in menu.items {
                let last = item.path.rsplit('/').next().unwrap_or_default();
                assert_eq!(item.test_id, format!("{prefix}{last}"));
            }
        }
    }

    #[test]
    fn a_role_may_open_only_its_own_menu_pages() {
        assert!(allows(Role::Unit, "/unit/batches"));
        assert!(allows(Role::Unit, "/unit/batches/42/roster"));
        assert!(allows(Role::Unit, "/"));
        assert!(!allows(Role::Unit, "/review/batches"));
        assert!(!allows(Role::Reviewer, "/unit/operator"));
        assert!(!allows(Role::Reviewer, "/admin/accounts"));
        assert!(allows(Role::Admin, "/admin/plan-years/"));
        assert!(!allows(Role::Admin, "/review/audit-log"));
        // A prefix of a segment is not the same page.
        assert!(find("/unit/batchesX").is_none());
    }
}
