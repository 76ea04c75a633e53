//! Jinja2 parity: templates rendered by Kiln, compared byte for byte with Jinja2 3.1.
