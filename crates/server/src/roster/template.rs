//! Downloadable workbooks made with rust_xlsxwriter: the roster import template and the
//! withholding application letter (委托代扣款申请书) template.

use domain::roster::Column;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

/// Rows of the template sheet that get the drop-down lists and text formats.
const TEMPLATE_ROWS: u32 = 60_000;

/// The roster import template (参保名单导入模板): the manual's header, drop-downs for
/// 证件类型 and 性别, ID and mobile columns formatted as text so Excel keeps every digit,
/// and an instructions sheet.
pub fn roster_template() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let text = Format::new().set_num_format("@");
    let bold = Format::new().set_bold().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("参保名单")?;
    for (i, column) in Column::ALL.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(0, col, column.template_header(), &bold)?;
        let width = match column {
            Column::IdNumber => 24.0,
            Column::BirthDate => 30.0,
            Column::Mobile => 26.0,
            _ => 20.0,
        };
        sheet.set_column_width(col, width)?;
        if matches!(
            column,
            Column::IdNumber | Column::Mobile | Column::BirthDate
        ) {
            sheet.set_column_format(col, &text)?;
        }
    }
    sheet.set_row_height(0, 36)?;
    let pos = |c: Column| u16::try_from(c as usize).unwrap_or(0);
    let doc = DataValidation::new()
        .allow_list_strings(&["身份证", "非身份证"])?
        .set_error_message("请选择“身份证”或“非身份证”")?;
    sheet.add_data_validation(
        1,
        pos(Column::DocType),
        TEMPLATE_ROWS,
        pos(Column::DocType),
        &doc,
    )?;
    let sex = DataValidation::new()
        .allow_list_strings(&["男", "女"])?
        .set_error_message("请选择“男”或“女”")?;
    sheet.add_data_validation(1, pos(Column::Sex), TEMPLATE_ROWS, pos(Column::Sex), &sex)?;
    sheet.set_freeze_panes(1, 0)?;

    let help = book.add_worksheet();
    help.set_name("填写说明")?;
    help.set_column_width(0, 100)?;
    let lines = [
        "参保名单导入模板 填写说明",
        "1. 打*列为必填项：姓名、证件类型、证件号码、手机号。",
        "2. 证件类型请从下拉列表选择“身份证”或“非身份证”（如护照、港澳台居住证等）。",
        "3. 证件类型为非身份证的，出生日期和性别为必填；出生日期格式例如 1990-01-01。",
        "4. 证件类型为身份证的，出生日期和性别由证件号码自动识别，可不填写。",
        "5. 证件号码、手机号列已设置为“文本”格式，请勿改为数字格式，否则Excel会把证件号码显示为科学计数法（如1.10101E+17）并丢失末尾数字。",
        "6. 手机号不能重复；有效手机号需达到50%以上。",
        "7. 同一人员在同一保障年度只能参保一次。",
        "8. 请保持模板表格格式不变（列名不可修改），否则会上传失败；导入时第一个工作表为参保名单。",
        "9. 导入为整体校验：任一行有错误时整个文件不导入，系统会列出每一行的错误原因，并可下载带错误原因的表格。",
        "10. 重新导入会替换当前批次的参保名单。",
        "示例：王豆豆 | 身份证 | 110101199003070000（示例，请填写真实号码） | | | 13800138000",
        "示例：王豆 | 非身份证 | E12345678 | 1998-12-09 | 男 | 13900139000",
    ];
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(0);
        if i == 0 {
            help.write_string_with_format(row, 0, *line, &bold)?;
        } else {
            help.write_string(row, 0, *line)?;
        }
    }
    book.save_to_buffer()
}

/// The withholding application letter template (委托代扣款申请书 样稿), to print, fill,
/// stamp and upload.
pub fn withholding_letter_template() -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(16);
    let sheet = book.add_worksheet();
    sheet.set_name("委托代扣款申请书")?;
    sheet.set_column_width(0, 90)?;
    let lines = [
        "委托代扣款申请书",
        "",
        "上海市职工保障互助会：",
        "",
        "    我单位（单位名称：____________________，参保编码：____________）现申请参加",
        "“退休住院计划”（保障年度：______），委托贵会通过银行从我单位参保退休职工的养老金中",
        "代扣参保费用，每人代扣金额为人民币______元（须大于0且不超过450元/人，同一批次金额一致）。",
        "    我单位已告知参保退休职工代扣事项并取得其同意。代扣不成功的人员，由我单位另行缴费。",
        "",
        "    参保批次号：TXZY________________",
        "",
        "    经办人：__________    联系电话：______________",
        "",
        "                                                单位（盖章）：",
        "                                                日期：______年____月____日",
    ];
    for (i, line) in lines.iter().enumerate() {
        let row = u32::try_from(i).unwrap_or(0);
        if i == 0 {
            sheet.write_string_with_format(row, 0, *line, &title)?;
        } else {
            sheet.write_string(row, 0, *line)?;
        }
    }
    book.save_to_buffer()
}
