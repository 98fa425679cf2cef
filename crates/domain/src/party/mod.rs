//! Party work on the register: the working-day calendar its deadlines count on, admission and transfers.

pub mod admission;
pub mod age;
pub mod badges;
pub mod calendar;
pub mod discipline;
pub mod dues;
pub mod leaving;
pub mod meeting;
pub mod rating;
pub mod record;
pub mod transfer;

/// A count among a total, with its share in percent to two decimals (`24,07%` of the seeds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub count: i64,
    pub of: i64,
    /// Hundredths of a percent, rounded half up (2407 for 24,07%); 0 when the total is 0.
    pub basis_points: i64,
}

impl Share {
    pub fn of(count: i64, of: i64) -> Share {
        let basis_points = if of > 0 { (count * 20_000 + of) / (2 * of) } else { 0 };
        Share { count, of, basis_points }
    }

    /// `24,07%`.
    pub fn vn(self) -> String {
        format!("{},{:02}%", self.basis_points / 100, self.basis_points % 100)
    }

    /// `24.07%`.
    pub fn en(self) -> String {
        format!("{}.{:02}%", self.basis_points / 100, self.basis_points % 100)
    }
}

impl serde::Serialize for Share {
    /// `{"count": 26, "of": 108, "basis_points": 2407, "percent": "24,07%"}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Share", 4)?;
        st.serialize_field("count", &self.count)?;
        st.serialize_field("of", &self.of)?;
        st.serialize_field("basis_points", &self.basis_points)?;
        st.serialize_field("percent", &self.vn())?;
        st.end()
    }
}

impl utoipa::PartialSchema for Share {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use crate::schema::whole;
        let percent = crate::schema::string("The share as Vietnamese text (tỷ lệ phần trăm)", None, None, "24,07%");
        crate::schema::object(
            "A share of a count: count of `of`, in hundredths of a percent and as text",
            vec![
                ("count", whole("the count").into()),
                ("of", whole("the whole").into()),
                ("basis_points", whole("hundredths of a percent, rounded half up").into()),
                ("percent", percent),
            ],
        )
    }
}

impl utoipa::ToSchema for Share {
    fn name() -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed("Share")
    }
}

#[cfg(test)]
mod tests {
    use super::Share;

    #[test]
    fn shares_are_rounded_to_hundredths_of_a_percent() {
        assert_eq!(Share::of(26, 108).vn(), "24,07%");
        assert_eq!(Share::of(2, 3).en(), "66.67%");
        assert_eq!(Share::of(1, 8).vn(), "12,50%");
        assert_eq!(Share::of(0, 0).basis_points, 0);
    }
}
