//! The move-in forms (迁入登记) of a building (a household) and of a
//! household (a person): when one is refused it comes back open, with what
//! was typed and the message by the field at fault.

use crate::app::registry::place::PersonForm;
use crate::web::form::Problem;

/// What a move-in form holds.
#[derive(Debug, Clone)]
pub struct MoveIn {
    /// Unit (a household's form only).
    pub unit: String,
    /// Room (a household's form only).
    pub room: String,
    /// The person moving in.
    pub person: PersonForm,
    /// Why it was refused.
    pub problem: Problem,
    /// Shown open (it was refused).
    pub open: bool,
}

impl MoveIn {
    /// An empty form, closed.
    pub fn blank() -> MoveIn {
        MoveIn {
            unit: "1".into(),
            room: String::new(),
            person: PersonForm::default(),
            problem: Problem::none(),
            open: false,
        }
    }

    /// A refused form: open, as typed (bounded as its fields are), the
    /// message by its field.
    pub fn refused(address: (&str, &str), person: &PersonForm, field: &str, message: String) -> MoveIn {
        let cut = |s: &str, n: usize| s.chars().take(n).collect::<String>();
        MoveIn {
            unit: cut(address.0, 16),
            room: cut(address.1, 16),
            person: PersonForm {
                name: cut(&person.name, 32),
                id_number: cut(&person.id_number, 20),
                phone: cut(&person.phone, 20),
                relation: cut(&person.relation, 16),
                tags: cut(&person.tags, 200),
                facts: person.facts.clone().map(|f| cut(&f, 64)),
                birth_date: cut(&person.birth_date, 10),
                sex: cut(&person.sex, 2),
            },
            problem: Problem::at_field(field, message),
            open: true,
        }
    }

    /// Whether this ID type was chosen (the first of the facts).
    pub fn is_id_type(&self, t: &str) -> bool {
        self.person.facts[0] == t
    }
}
