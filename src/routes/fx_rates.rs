//! Reference exchange rates: administrators import the banks' files
//! (`POST /api/v1/fx-rates/imports`), every signed-in caller reads the rate in effect on a day
//! (`GET /api/v1/fx-rates`) or a pair's published rates (`GET /api/v1/fx-rates/published`).
//! `crate::rates` says how files are read and rates chosen.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

use crate::auth::policy;
use crate::db::models::fx_rate;
use crate::domain::money::Currency;
use crate::domain::text::single_line;
use crate::error::{ApiError, Problem};
use crate::http::exchange::Exchange;
use crate::http::query::{ApiQuery, FromQuery};
use crate::http::responses::{AdministratorsOnly, InvalidQuery, SignedIn};
use crate::rates::convert::{self, Derivation, LOOK_BACK_DAYS, Published};
use crate::rates::import::{RatesImportReport, import};
use crate::rates::{Format, Source};
use crate::routes::imports::read_body;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RatesImportQuery {
    /// The file's format: `ecb-csv`, `ecb-xml`, `cbr-daily` or `cbr-dynamic`.
    #[param(value_type = Format, example = "cbr-daily")]
    pub format: Format,
    /// The file's name, kept with the import's record.
    #[validate(length(min = 1, max = 200), custom(function = "single_line"))]
    #[param(example = "XML_daily_2024-03-02.xml", max_length = 200)]
    pub file_name: Option<String>,
}

/// The file's bytes, as the bank published them (at most 32 MiB by default).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
#[schema(value_type = String, format = Binary, max_length = 33554432)]
pub struct RatesFile(Vec<u8>);

/// Import a file of reference rates (administrators).
///
/// Send the file as the body, any `Content-Type`, and name its format: the ECB's
/// `eurofxref-hist.csv` or `eurofxref.csv` (`ecb-csv`), `eurofxref-daily.xml` or
/// `eurofxref-hist.xml` (`ecb-xml`), the Bank of Russia's `XML_daily.asp` (`cbr-daily`,
/// windows-1251, rates per `Nominal` units) or `XML_dynamic.asp` (`cbr-dynamic`). Rates are stored
/// as "1 base = rate quote" exact decimals, and only for RUB, CNY, USD and EUR (the others are
/// checked and counted as `skipped`). A malformed file is refused whole (422 on `file`, naming
/// the line); the same file twice changes nothing; a stored rate the file gives another value
/// for is replaced and counted as `changed`.
#[utoipa::path(
    tag = "fx rates",
    security(("bearer" = [])),
    params(RatesImportQuery),
    request_body(
        description = "The file: at most 32 times the server's JSON body limit (32 MiB by default).",
        content((RatesFile = "application/octet-stream"))
    ),
    responses(
        (status = 200, description = "Imported: how many rates were new, changed and unchanged", body = RatesImportReport),
        (status = 413, description = "The file is larger than 32 times the JSON body limit (32 MiB by default)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A malformed file (`file`, naming its line; nothing written), or an invalid parameter", body = Problem, content_type = "application/problem+json"),
        AdministratorsOnly, SignedIn,
    )
)]
#[post("/fx-rates/imports")]
pub async fn import_rates(
    req: HttpRequest,
    exchange: Exchange,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    // Refused before the parameters and the file are read: a non-administrator is told so
    // whatever they sent, and their upload is not worth receiving.
    exchange.read(|_, context| policy::import_rates(context.caller()?)).await?;
    let query = RatesImportQuery::from_query(req.query_string())?;
    let bytes = read_body(&req, payload).await?;
    let report = exchange
        .write(move |conn, context| {
            let caller = context.caller()?;
            policy::import_rates(caller)?;
            let imported_by = caller.user_id().map(str::to_owned);
            import(conn, query.format, &bytes, query.file_name, imported_by)
        })
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RateQuery {
    /// The currency converted from: RUB, CNY, USD or EUR.
    #[param(value_type = Currency, example = "CNY")]
    pub base: Currency,
    /// The currency converted to.
    #[param(value_type = Currency, example = "RUB")]
    pub quote: Currency,
    /// The day (YYYY-MM-DD); today by default.
    #[param(value_type = Option<String>, format = Date, example = "2024-03-04")]
    pub on: Option<NaiveDate>,
}

/// A rate as its publisher published it: 1 `base` = `rate` `quote` from `rate_date`.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"source": "CBR", "rate_date": "2024-03-02", "base": "CNY", "quote": "RUB", "rate": "12.6595"}))]
pub struct PublishedRate {
    pub source: Source,
    pub rate_date: NaiveDate,
    pub base: Currency,
    pub quote: Currency,
    /// An exact decimal, as text.
    #[schema(example = "12.6595")]
    pub rate: String,
}

impl From<Published> for PublishedRate {
    fn from(p: Published) -> Self {
        PublishedRate {
            source: p.source,
            rate_date: p.rate_date,
            base: p.base,
            quote: p.quote,
            rate: p.rate.to_string(),
        }
    }
}

/// How the rate was had.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RateDerivation {
    /// A published rate of the pair.
    Direct,
    /// 1 / the published rate of the reverse pair.
    Inverse,
    /// Through a third currency (`via`): the product of two legs.
    Cross,
}

/// The rate from `base` to `quote` in effect on a day, and the published rates it comes from.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "base": "USD", "quote": "CNY", "on": "2024-03-04",
    "rate": "7.1983966089", "rate_date": "2024-03-04", "source": "ECB",
    "derivation": "cross", "via": "EUR",
    "legs": [
        {"source": "ECB", "rate_date": "2024-03-04", "base": "EUR", "quote": "USD", "rate": "1.0852"},
        {"source": "ECB", "rate_date": "2024-03-04", "base": "EUR", "quote": "CNY", "rate": "7.8117"}
    ]
}))]
pub struct RateInEffect {
    pub base: Currency,
    pub quote: Currency,
    /// The day asked about.
    pub on: NaiveDate,
    /// 1 `base` = `rate` `quote`: exact when direct; an inverse or cross rate is shown to 10
    /// places (conversions use it exactly).
    #[schema(example = "12.6595")]
    pub rate: String,
    /// The publication the rate is from (the older leg's for a cross): `on` or up to 7 days before.
    pub rate_date: NaiveDate,
    pub source: Source,
    pub derivation: RateDerivation,
    /// The third currency of a cross rate.
    pub via: Option<Currency>,
    /// The published rates used, as published (a cross has two).
    pub legs: Vec<PublishedRate>,
}

/// The rate in effect on a day.
///
/// The rate from `base` to `quote` on `on`: the latest publication of that day or up to 7 days
/// before (none on weekends and holidays), directly, as the inverse of the reverse pair, or as a
/// cross through EUR (the ECB's) or RUB (the Bank of Russia's). Pairs with the rouble take the
/// Bank of Russia's rates first, others the ECB's. 404 when no rate was published in those 8 days.
#[utoipa::path(
    tag = "fx rates",
    security(("bearer" = [])),
    params(RateQuery),
    responses(
        (status = 200, description = "The rate in effect", body = RateInEffect),
        (status = 404, description = "No rate of the pair (direct, inverse or cross) on `on` or in the 7 days before", body = Problem, content_type = "application/problem+json"),
        InvalidQuery, SignedIn,
    )
)]
#[get("/fx-rates")]
pub async fn rate_in_effect(exchange: Exchange, query: ApiQuery<RateQuery>) -> Result<HttpResponse, ApiError> {
    let RateQuery { base, quote, on } = query.into_inner();
    if base == quote {
        return Err(ApiError::field("quote", "same_currency", "must differ from base"));
    }
    let answer = exchange
        .read(move |conn, context| {
            policy::read_rates(context.caller()?)?;
            let on = on.unwrap_or(context.today);
            let from = on.checked_sub_days(chrono::Days::new(LOOK_BACK_DAYS)).ok_or(ApiError::NotFound)?;
            let book = fx_rate::book(conn, &Currency::ALL, from, on)?;
            let found = convert::quote(&book, base, quote, on).ok_or(ApiError::NotFound)?;
            let (Some(rate_date), Some(source)) = (found.rate_date(), found.source()) else {
                return Err(ApiError::NotFound);
            };
            let (derivation, via) = match found.derivation {
                Derivation::Direct | Derivation::Identity => (RateDerivation::Direct, None),
                Derivation::Inverse => (RateDerivation::Inverse, None),
                Derivation::Cross(via) => (RateDerivation::Cross, Some(via)),
            };
            Ok(RateInEffect {
                base,
                quote,
                on,
                rate: found.rate().to_string(),
                rate_date,
                source,
                derivation,
                via,
                legs: found.legs.iter().map(|leg| leg.published.into()).collect(),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// The longest period `GET /api/v1/fx-rates/published` lists: some 740 rates of a pair a year
/// from both banks.
const MAX_SERIES_DAYS: i64 = 366;

#[derive(Debug, Deserialize, Validate, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SeriesQuery {
    #[param(value_type = Currency, example = "CNY")]
    pub base: Currency,
    #[param(value_type = Currency, example = "RUB")]
    pub quote: Currency,
    /// The first day (YYYY-MM-DD).
    #[param(value_type = String, format = Date, example = "2024-03-01")]
    pub from: NaiveDate,
    /// The last day (YYYY-MM-DD), at most 366 days after `from`.
    #[param(value_type = String, format = Date, example = "2024-03-31")]
    pub to: NaiveDate,
}

/// A pair's published rates over a period, as published.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [
    {"source": "CBR", "rate_date": "2024-03-01", "base": "CNY", "quote": "RUB", "rate": "12.68"},
    {"source": "CBR", "rate_date": "2024-03-02", "base": "CNY", "quote": "RUB", "rate": "12.6595"}
]}))]
pub struct PublishedRates {
    pub items: Vec<PublishedRate>,
}

/// A pair's published rates over a period.
///
/// Every rate of `base` in `quote` published from `from` to `to` (at most 366 days), oldest
/// first, by any source: exactly as stored, with no inverse or cross rates.
#[utoipa::path(
    tag = "fx rates",
    security(("bearer" = [])),
    params(SeriesQuery),
    responses(
        (status = 200, description = "The published rates, oldest first", body = PublishedRates),
        InvalidQuery, SignedIn,
    )
)]
#[get("/fx-rates/published")]
pub async fn published_rates(exchange: Exchange, query: ApiQuery<SeriesQuery>) -> Result<HttpResponse, ApiError> {
    let SeriesQuery { base, quote, from, to } = query.into_inner();
    if to < from {
        return Err(ApiError::field("to", "before_from", "must not be before from"));
    }
    if (to - from).num_days() > MAX_SERIES_DAYS {
        return Err(ApiError::field("to", "too_far", format!("must be at most {MAX_SERIES_DAYS} days after from")));
    }
    let items = exchange
        .read(move |conn, context| {
            policy::read_rates(context.caller()?)?;
            fx_rate::series(conn, base, quote, from, to)
        })
        .await?;
    Ok(HttpResponse::Ok().json(PublishedRates { items: items.into_iter().map(Into::into).collect() }))
}
