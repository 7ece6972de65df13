//! [`Sealed`]: the column type of a personal-data column. In memory it is the clear text;
//! written to the database it is encrypted, read back it is decrypted — so no code path
//! can store an ID number in clear by forgetting a call.

use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, DbErr, QueryResult, TryGetError, TryGetable, Value};

use super::keys;

/// A personal-data text (ID number, mobile), encrypted at rest.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Sealed(String);

impl Sealed {
    /// The clear text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Sealed {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Sealed {
    fn from(s: String) -> Self {
        Sealed(s)
    }
}

impl From<&str> for Sealed {
    fn from(s: &str) -> Self {
        Sealed(s.to_owned())
    }
}

/// Never the text itself: a model printed in a log or a panic shows no personal data.
impl std::fmt::Debug for Sealed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealed(…)")
    }
}

impl From<Sealed> for Value {
    fn from(s: Sealed) -> Value {
        Value::String(Some(Box::new(keys().seal(&s.0))))
    }
}

impl TryGetable for Sealed {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        let stored = String::try_get_by(res, index)?;
        keys()
            .open(&stored)
            .map(Sealed)
            .map_err(|e| TryGetError::DbErr(DbErr::Type(format!("personal data: {e}"))))
    }
}

impl ValueType for Sealed {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::String(Some(stored)) => {
                keys().open(&stored).map(Sealed).map_err(|_| ValueTypeErr)
            }
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        "Sealed".to_owned()
    }

    fn array_type() -> ArrayType {
        ArrayType::String
    }

    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

impl Nullable for Sealed {
    fn null() -> Value {
        Value::String(None)
    }
}
