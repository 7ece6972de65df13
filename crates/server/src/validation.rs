//! Checking a form with the domain's rules, collecting every field's error at once.

use api_types::FieldError;

use crate::error::ServiceError;

/// Collects field errors; `finish` turns them into one 422.
#[derive(Default)]
pub struct Checks {
    fields: Vec<FieldError>,
}

impl Checks {
    /// Records a refused field.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.fields.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Runs a domain parser; keeps its canonical form or records its Chinese message.
    pub fn parse<T, E: std::fmt::Display>(
        &mut self,
        field: &str,
        result: Result<T, E>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(field, e.to_string());
                None
            }
        }
    }

    /// A required free-text field of at most `max` characters.
    pub fn text(&mut self, field: &str, label: &str, raw: &str, max: usize) -> String {
        let value = raw.trim().to_string();
        if value.is_empty() {
            self.fail(field, format!("请填写{label}"));
        } else if value.chars().count() > max || value.chars().any(domain::is_refused_in_text) {
            self.fail(
                field,
                format!("{label}不能超过{max}个字，且不能包含换行等控制字符或零宽、文字方向控制等不可见字符"),
            );
        }
        value
    }

    /// An optional free-text field.
    pub fn optional_text(
        &mut self,
        field: &str,
        label: &str,
        raw: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
        Some(self.text(field, label, value, max))
    }

    /// An optional landline or mobile: digits, `-`, spaces, an optional leading `+`.
    pub fn optional_phone(&mut self, field: &str, raw: Option<&str>) -> Option<String> {
        let value = raw.map(str::trim).filter(|v| !v.is_empty())?;
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || c == '-' || c == ' ' || (i == 0 && c == '+'));
        if !allowed || !(7..=20).contains(&digits) {
            self.fail(field, "单位电话格式不正确，应为7至20位数字，可含“-”");
        }
        Some(value.to_string())
    }

    /// 422 with every recorded field, or Ok.
    pub fn finish(self) -> Result<(), ServiceError> {
        if self.fields.is_empty() {
            Ok(())
        } else {
            Err(ServiceError::Invalid(self.fields))
        }
    }
}
