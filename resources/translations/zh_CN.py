"""Simplified Chinese for every UI string, and the script that refreshes the Qt translation files from it.

    python resources/translations/zh_CN.py

runs ``pyside6-lupdate`` over ``desktop/app`` (new strings appear in ``matting_studio_zh_CN.ts``), fills in the
translations below, and compiles ``matting_studio_zh_CN.qm`` with ``pyside6-lrelease``. Strings missing here
stay unfinished in the ``.ts`` and show in English; the script lists them.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TS = HERE / "matting_studio_zh_CN.ts"
QM = HERE / "matting_studio_zh_CN.qm"

ZH = {
    "&File": "文件(&F)", "&Edit": "编辑(&E)", "&Tools": "工具(&T)", "&View": "视图(&V)",
    "(not installed)": "（未安装）", ", {0} failed: {1}": "，{0} 个失败：{1}", "100 %": "100%",
    "100 % (Ctrl+1)": "100%（Ctrl+1）",
    "A batch is running. Cancel it and quit?": "批处理正在运行。要取消并退出吗？",
    "A batch is running: cancel it before opening other photos.": "批处理正在运行：请先取消再打开其他照片。",
    "A new language applies when the app starts again.": "新语言将在下次启动时生效。",
    "Alpha": "透明度", "Automatic": "自动", "Automatic (GPU when available)": "自动（有 GPU 时使用 GPU）",
    "Automatic trimap": "自动三分图", "Backend": "抠图引擎", "Background": "背景", "Background (B)": "背景（B）",
    "Background brush": "背景画笔", "Background colour": "背景颜色", "Background image": "背景图片",
    "Batch finished: {0} done, {1} failed, {2} cancelled ({3:.1f} s).":
        "批处理完成：{0} 张完成，{1} 张失败，{2} 张取消（{3:.1f} 秒）。",
    "Before / after split": "前后对比分割", "Before/after": "前后对比", "Bigger brush": "增大画笔",
    "Blur strength": "模糊强度", "Blurred original": "模糊原图", "Browse...": "浏览…",
    "Brush size ([ and ] change it)": "画笔大小（[ 和 ] 调整）", "CPU": "CPU", "CPU threads": "CPU 线程数",
    "Cancel download": "取消下载", "Cancel the batch": "取消批处理", "Cancel the export": "取消导出",
    "Cancelling...": "正在取消…", "Colour": "颜色", "Composite": "合成", "Cut-out": "抠图", "Dark": "深色",
    "Default format": "默认格式", "Default output folder": "默认输出文件夹", "Delete the model {0}?": "删除模型 {0}？",
    "Device": "设备", "Discard the edit of this image": "放弃此图片的修改", "Download": "下载",
    "Download...": "下载…", "ETA {0}": "剩余 {0}", "Eraser": "橡皮擦", "Eraser (E)": "橡皮擦（E）",
    "Export": "导出", "Export failed: {0}": "导出失败：{0}", "Export folder": "导出文件夹", "Export...": "导出…",
    "Exported {0} file(s)": "已导出 {0} 个文件", "Exporting {0} image(s) to {1}...": "正在导出 {0} 张图片到 {1}…",
    "Failures": "失败列表", "Fields: {stem}, {index}, {index:03d}, {backend}, {format}":
        "字段：{stem}、{index}、{index:03d}、{backend}、{format}",
    "File...": "文件…", "Fit": "适应窗口", "Fit (Ctrl+0)": "适应窗口（Ctrl+0）", "Folder": "文件夹",
    "Folder of backgrounds": "背景图片文件夹", "Folder...": "文件夹…", "For this image only": "仅用于此图片",
    "Foreground (F)": "前景（F）", "Foreground brush": "前景画笔",
    "Foreground decontamination (no colour fringe on edges)": "前景去污染（边缘无色边）", "Format": "格式",
    "GPU": "GPU", "Ignore the chosen background (transparent)": "忽略所选背景（透明）", "Image": "图片",
    "Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)": "图片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)",
    "Images at once (batch)": "同时处理的图片数（批处理）", "Import a model": "导入模型",
    "Import from a file...": "从文件导入…", "Language": "语言", "Light": "浅色", "Main": "主工具栏",
    "Mirror URL": "镜像地址", "Model": "模型", "Installed": "已安装", "Size": "大小", "Trimap": "三分图",
    "Recommended": "推荐", "Progress": "进度", "Models": "模型", "Models (*.pdparams *.zip);;All files (*)":
        "模型 (*.pdparams *.zip);;所有文件 (*)",
    "Models...": "模型…", "Naming pattern": "命名规则", "Needs a trimap: paint one with the brush.":
        "需要三分图：请用画笔绘制。",
    "New background": "新背景", "Next image": "下一张", "No brush (pan)": "无画笔（平移）",
    "No images found there.": "那里没有找到图片。", "Not installed.": "未安装。",
    "Nothing to refine yet: open an image first.": "还没有可精修的内容：请先打开图片。",
    "Open a folder first.": "请先打开文件夹。", "Open a folder of photos": "打开照片文件夹",
    "Open a folder of photos (Ctrl+O) or drop it here.": "打开照片文件夹（Ctrl+O）或拖放到这里。",
    "Open files...": "打开文件…", "Open folder...": "打开文件夹…", "Open photos": "打开照片",
    "Open the folder": "打开文件夹", "Original": "原图", "Overlay": "叠加层", "Pause / resume": "暂停/继续",
    "Pick a colour...": "选择颜色…", "Preferences": "首选项", "Preferences...": "首选项…",
    "Previous image": "上一张", "Process all": "全部处理", "Processing {0} image(s)...": "正在处理 {0} 张图片…",
    "Proxy": "代理", "Quality (JPEG / WebP)": "质量（JPEG/WebP）", "Quit": "退出",
    "Re-matte the region around the strokes (Ctrl+R)": "重新计算笔画周围区域的抠图（Ctrl+R）",
    "Recent folders": "最近的文件夹", "Redo": "重做", "Refine": "精修", "Refined.": "已精修。",
    "Refining with {0}...": "正在用 {0} 精修…", "Remove": "删除", "Replace files that exist": "替换已存在的文件",
    "Smaller brush": "减小画笔", "Start again from a trimap made from the current alpha": "从当前透明度生成的三分图重新开始",
    "Status": "状态", "The batch stopped.": "批处理已停止。", "Theme": "主题", "Tools": "工具", "Transparent": "透明",
    "Trimap brush": "三分图画笔", "Undo": "撤销", "Unknown (U)": "未知（U）", "Unknown brush": "未知区域画笔",
    "Train a model...": "训练模型…", "Zoom in": "放大", "Zoom out": "缩小", "downloading {0}...": "正在下载 {0}…", "e.g. {0}": "例如 {0}",
    "export %v / %m": "导出 %v / %m", "for {0}": "适合{0}", "import failed: {0}": "导入失败：{0}",
    "importing {0}...": "正在导入 {0}…", "installed {0}": "已安装 {0}", "installed {0} from {1}": "已从 {1} 安装 {0}",
    "needs": "需要", "no": "否", "removed {0}": "已删除 {0}", "system settings (e.g. http://proxy:3128)":
        "系统设置（例如 http://proxy:3128）",
    "yes": "是", "{0} image(s) found.": "找到 {0} 张图片。", "{0} image(s) will be exported.": "将导出 {0} 张图片。",
    "{0}: cancelled": "{0}：已取消", "{0}: cancelled (a later download resumes it)": "{0}：已取消（稍后下载会继续）",
    # issue 10: export choices, statuses, busy signs, menus, help, backgrounds, model manager
    "&Help": "帮助(&H)", "About Matting Studio": "关于 Matting Studio", "Keyboard shortcuts": "键盘快捷键",
    "Where your data lives": "数据存放位置", "Panels": "面板", "Badge colours": "状态颜色说明",
    "<h2>Matting Studio {0}</h2><p>Cut people out of photos on your own computer, with no upload and no account."
    "</p><p>Matting Studio is licensed under Apache-2.0. It ships these models and libraries, each under its own "
    "licence:</p>": "<h2>Matting Studio {0}</h2><p>在你自己的电脑上抠出照片中的人物，无需上传、无需账号。</p>"
                    "<p>Matting Studio 以 Apache-2.0 许可发布。它附带以下模型和库，各自遵循其许可：</p>",
    "A batch is running": "批处理正在运行", "A refine is running already.": "精修已在进行中。",
    "Action": "操作", "Keys": "按键", "Component": "组件", "Version": "版本", "Licence": "许可",
    "Alpha matte (grey PNG)": "透明度蒙版（灰度 PNG）", "An export is running": "导出正在进行",
    "Blurred original, strength {0}": "模糊原图，强度 {0}", "blurred original ({0})": "模糊原图（{0}）",
    "Caches (computed mattes, model programs, compiled kernels; safe to delete)":
        "缓存（计算出的蒙版、模型程序、编译的内核；可安全删除）",
    "Colour {0}": "颜色 {0}", "colour {0}": "颜色 {0}", "Image {0}": "图片 {0}", "image {0}": "图片 {0}",
    "image": "图片", "transparent": "透明",
    "Could not import {0}: {1}": "无法导入 {0}：{1}",
    "Cut out every photo of the folder (Ctrl+Return)": "抠出文件夹中的每张照片（Ctrl+Return）",
    "Cut out with {0}.": "已用 {0} 抠图。", "Cutting out...": "正在抠图…", "Refining...": "正在精修…",
    "Waiting: not cut out yet": "等待：尚未抠图", "Running: being cut out now": "运行中：正在抠图",
    "Done: cut out": "完成：已抠图", "Edited: your refined cut-out": "已编辑：你精修过的抠图",
    "Failed: hover over it for the reason": "失败：将鼠标悬停其上查看原因",
    "Drag in the before/after view": "在前后对比视图中拖动", "Move the before / after line": "移动前后对比分割线",
    "Zoom about the cursor": "以光标为中心缩放", "Mouse wheel": "鼠标滚轮", "Pan": "平移",
    "Middle button drag, or Space + drag, or drag with no brush": "中键拖动，或按住空格拖动，或无画笔时拖动",
    "Enlarge the background image": "放大背景图片", "Move the background image left or right (or Ctrl+drag the picture)":
        "左右移动背景图片（或按住 Ctrl 拖动画面）",
    "Move the background image up or down (or Ctrl+drag the picture)": "上下移动背景图片（或按住 Ctrl 拖动画面）", "Zoom": "缩放", "Left / right": "左 / 右",
    "Up / down": "上 / 下", "No image chosen": "未选择图片",
    "Go back to the computed cut-out": "回到计算出的抠图", "Start again from the automatic trimap": "从自动三分图重新开始",
    "Installed models": "已安装的模型", "Your edits (painted trimaps, refined mattes)": "你的修改（绘制的三分图、精修的蒙版）",
    "Settings (settings.ini)": "设置（settings.ini）", "Open": "打开",
    "preparing the matting engine...": "正在准备抠图引擎…",
    "The batch stopped: {0} of {1} done.": "批处理已停止：已完成 {0} / {1}。",
    "Opening {0}...": "正在打开 {0}…",
    "PSD, layers: the photo with its layer mask over the background: {0}": "PSD，图层：带图层蒙版的照片叠在背景上：{0}",
    "PSD, layers: the photo with the matte as its layer mask (transparent)": "PSD，图层：以蒙版为图层蒙版的照片（透明）",
    "Photo metadata": "照片元数据", "RAW files": "RAW 文件", "Remove all": "全部移除",
    "Keep (camera, lens, date, GPS, caption, copyright, keywords)": "保留（相机、镜头、日期、GPS、说明、版权、关键词）",
    "Keep, without the GPS position": "保留，但去掉 GPS 位置",
    "Show RAW files through the camera's embedded JPEG (faster; exports always develop the RAW)":
        "通过相机内嵌的 JPEG 显示 RAW 文件（更快；导出时总是冲洗 RAW）",
    "Uninstalling the app leaves these folders in place. With MATTING_STUDIO_HOME set, they are all inside that "
    "folder.": "卸载应用不会删除这些文件夹。设置 MATTING_STUDIO_HOME 后，它们都在该文件夹中。",
    "Much bigger brush": "大幅增大画笔", "Much smaller brush": "大幅减小画笔",
    "Not processed: {0}": "未处理：{0}", "Open a folder of photos first (Ctrl+O)": "请先打开照片文件夹（Ctrl+O）",
    "Pause": "暂停", "Resume": "继续", "Paused": "已暂停", "Paused: {0} / {1}": "已暂停：{0} / {1}",
    "Paused: {0} of {1} done (the image in hand is finished first).": "已暂停：已完成 {0} / {1}（正在处理的图片会先完成）。",
    "Preparing the matting engine (once)...": "正在准备抠图引擎（仅一次）…",
    "Preparing the matting engine, once (about a minute the first time), then processing {0} image(s)...":
        "正在准备抠图引擎，仅此一次（首次约一分钟），随后处理 {0} 张图片…",
    "{0} uses an automatic trimap where none is painted.": "{0} 在未绘制三分图处使用自动三分图。",
    "Select a photo that opens first": "请先选择一张能打开的照片",
    "Works from an automatic trimap (made by Auto) until you paint one with the trimap brush.":
        "在你用三分图画笔绘制之前，使用（由自动引擎生成的）自动三分图。",
    "Write": "写出", "Write the cut-outs into a folder (Ctrl+E)": "将抠图写入文件夹（Ctrl+E）",
    "Your edit of this photo (Discard the edit to go back to {0}).": "这是你对此照片的修改（放弃修改可回到 {0}）。",
    "built in, not ready": "内置，未就绪", "built in, ready": "内置，就绪", "in the app": "随应用提供",
    "no download needed": "无需下载", "estimating time...": "正在估算时间…",
    "{0} (change it in the Background panel)": "{0}（在背景面板中更改）",
    "{0} cannot be opened:\n{1}": "无法打开 {0}：\n{1}", "{0} on the background: {1}": "{0}，合成到背景：{1}",
    "{0} on white ({0} has no transparency)": "{0}，白色背景（{0} 不支持透明）",
    "{0} with an automatic trimap (paint one to guide it).": "{0} 使用自动三分图（可绘制三分图来引导它）。",
    "{0}, transparent (RGBA, no background)": "{0}，透明（RGBA，不含背景）",
    # one-click fixes (subject tool, refine-hair brush) and the edge controls
    "One-click fixes": "一键修正", "Add": "添加", "Hair": "发丝",
    "Region": "区域", "Connected region": "相连区域", "Similar colour": "相近颜色",
    "Subject: click a region to take it out of the cut-out (S)": "主体：点击区域将其移出抠图（S）",
    "Subject: click a region to put it into the cut-out (A)": "主体：点击区域将其加入抠图（A）",
    "Refine hair: paint over hair or a soft edge to solve it again (H)": "精修发丝：涂抹发丝或柔和边缘以重新计算（H）",
    "Click what should not be in the cut-out, or drag across several parts. Shift+click adds instead.":
        "点击不应出现在抠图中的部分，或拖过多个部分。Shift+点击则改为添加。",
    "Click what is missing from the cut-out, or drag across several parts. Shift+click removes instead.":
        "点击抠图中缺少的部分，或拖过多个部分。Shift+点击则改为删除。",
    "Paint along hair or a soft edge; the brush size is the trimap brush's ([ and ]).":
        "沿发丝或柔和边缘涂抹；画笔大小与三分图画笔相同（[ 和 ]）。",
    "What a click picks: a whole connected part of the cut-out (or of the person map), or the area of similar "
    "colour around the click": "点击选取的内容：抠图（或人物图）中一整块相连的部分，或点击处周围颜色相近的区域",
    "Subject: remove a region": "主体：删除区域", "Subject: add a region": "主体：添加区域",
    "Refine hair brush": "精修发丝画笔", "Removing the region...": "正在删除区域…", "Adding the region...": "正在添加区域…",
    "Refining hair...": "正在精修发丝…",
    "Matting Studio stopped unexpectedly last time. The report is in {0}": "Matting Studio 上次意外退出。报告位于 {0}",
    "Removed the region from the cut-out (Ctrl+Z undoes it).": "已从抠图中删除该区域（Ctrl+Z 撤销）。",
    "Added the person's region to the cut-out (Ctrl+Z undoes it).": "已将人物区域加入抠图（Ctrl+Z 撤销）。",
    "Added the area of similar colour to the cut-out (Ctrl+Z undoes it).": "已将颜色相近的区域加入抠图（Ctrl+Z 撤销）。",
    "Refined the edge under the stroke (Ctrl+Z undoes it).": "已精修笔画下的边缘（Ctrl+Z 撤销）。",
    "A fix is being computed: refine once it is done.": "正在计算修正：完成后再精修。",
    "Nothing to change there.": "那里没有需要修改的内容。",
    "Nothing changed under the stroke: the edge there is solved already, or too far from the subject.":
        "笔画下没有变化：那里的边缘已经计算好，或离主体太远。",
    "The cut-out changed while the fix was computed: click again.": "计算修正时抠图已改变：请再点击一次。",
    "Wait for the cut-out first, then click again.": "请先等待抠图完成，再点击一次。",
    "{0}: the fix failed: {1}": "{0}：修正失败：{1}", "remove a region": "删除区域", "add a region": "添加区域",
    "add a colour segment": "添加颜色区域", "refine hair": "精修发丝",
    "Edges": "边缘", "Smooth": "平滑", "Feather": "羽化", "Contrast": "对比度", "Shift edge": "移动边缘",
    "Reset": "重置", "Edge controls": "边缘调整",
    "Even out a jagged outline (hair stays soft)": "让锯齿状轮廓变平滑（发丝保持柔和）",
    "Soften the edge (blur radius)": "柔化边缘（模糊半径）",
    "Sharpen the edge's transition (100 % is a hard edge)": "让边缘过渡更锐利（100% 为硬边）",
    "Move the edge: negative chokes (drops a fringe), positive spreads": "移动边缘：负值收缩（去掉色边），正值扩展",
    "Shown and exported; the cut-out itself is kept.": "用于显示和导出；抠图本身保持不变。",
    "No edge controls (the cut-out as it is)": "不调整边缘（保持抠图原样）",
    "none": "无", "smooth {0} px": "平滑 {0} 像素", "feather {0} px": "羽化 {0} 像素", "contrast {0} %": "对比度 {0}%",
    "shift edge {0} px": "移动边缘 {0} 像素", "{0} (change them in the Edges panel)": "{0}（在“边缘”面板中修改）",
    # -- the training wizard (desktop/app/training) --
    "Two layouts work: PaddleSeg's Matting layout (train.txt / val.txt listing foregrounds, alphas under "
    "alpha/ beside fg/, optional backgrounds), or image/ + alpha/ folders matched by file name (optionally "
    "inside train/ and val/).": "支持两种目录结构：PaddleSeg 的 Matting 结构（train.txt / val.txt 列出前景，透明度蒙版位于 "
                                "fg/ 旁的 alpha/ 中，背景可选），或按文件名对应的 image/ + alpha/ 文件夹（可放在 train/ 和 "
                                "val/ 中）。",
    "Parameters": "参数量", "Published SAD": "公布的 SAD", "Official weights": "官方权重", "Iteration": "迭代",
    "Best": "最佳", "give the model a name": "请为模型命名",
    "use letters, digits, '.', '_' and '-' (up to 64), starting with a letter or digit":
        "只能使用字母、数字、“.”、“_”和“-”（最多 64 个），并以字母或数字开头",
    "A weights file (.pdparams)...": "权重文件（.pdparams）…",
    "Advanced": "高级",
    "After (best)": "之后（最佳）",
    "Back to the settings, to start a new run": "返回设置，开始新的训练",
    "Backgrounds": "背景",
    "Backgrounds folder": "背景文件夹",
    "Batch size": "批大小",
    "Before (start weights)": "之前（初始权重）",
    "Cancel": "取消",
    "Cancelled. Resume continues from the last checkpoint.": "已取消。继续训练将从最近的检查点开始。",
    "Cancelling: writing a checkpoint...": "正在取消：写入检查点…",
    "Change": "更改",
    "Change settings": "更改设置",
    "Check again": "重新检查",
    "Checking {0}...": "正在检查 {0}…",
    "Checkpoint every": "检查点间隔",
    "Choose a folder.": "请选择文件夹。",
    "DIM trains and evaluates with trimaps made from the alphas.": "DIM 使用由透明度蒙版生成的三分图进行训练和评估。",
    "Dataset": "数据集",
    "Dataset folder": "数据集文件夹",
    "Device: looking...": "设备：正在检测…",
    "Device: {0}": "设备：{0}",
    "ETA {0}  ({1:.2f} it/s)": "预计剩余 {0}（{1:.2f} 次迭代/秒）",
    "Evaluate every": "评估间隔",
    "Export and use the new model": "导出并使用新模型",
    "Exporting {0}...": "正在导出 {0}…",
    "Fix the errors to go on.": "请先修正错误再继续。",
    "Freeze BatchNorm (keeps fine hair detail with small batches)": "冻结 BatchNorm（小批量时保留细发丝细节）",
    "Freeze the backbone (train the decoder only)": "冻结主干网络（只训练解码器）",
    "From scratch (random weights)": "从头训练（随机权重）",
    "GPU memory": "显存",
    "GPUs": "GPU 数量",
    "Input (crop) size": "输入（裁剪）尺寸",
    "Iterations": "迭代次数",
    "Its official weights are not installed: download them in Models... to fine-tune them on your photos "
    "(recommended). From scratch needs thousands of photos and days on a GPU.":
        "尚未安装其官方权重：请在“模型…”中下载，再用您的照片微调（推荐）。从头训练需要数千张照片和数天的 GPU 时间。",
    "Learning rate": "学习率",
    "Lower is better for every metric. Export the model to use it in the app.": "各项指标均为越低越好。导出模型即可在应用中使用。",
    "Memory: estimating...": "内存：正在估算…",
    "Memory: no estimate ({0})": "内存：无法估算（{0}）",
    "Mixed precision on the GPU": "GPU 混合精度",
    "Name of the new model": "新模型名称",
    "Needs about {0} of {1}": "约需 {0}，共 {1}",
    "No defaults for this model: {0}": "此模型没有默认设置：{0}",
    "Open the run folder": "打开训练文件夹",
    "Paddle weights (*.pdparams);;All files (*)": "Paddle 权重 (*.pdparams);;所有文件 (*)",
    "PaddleSeg layout": "PaddleSeg 目录结构",
    "RAM": "内存",
    "Recommended settings": "推荐设置",
    "Registered as {0}: it is in the list of models (and `matting-studio cutout --backend {0}`).":
        "已注册为 {0}：它已在模型列表中（也可用 `matting-studio cutout --backend {0}`）。",
    "Result": "结果",
    "Run folder": "训练文件夹",
    "Settings": "设置",
    "Start from": "起点",
    "Start training": "开始训练",
    "Start weights": "初始权重",
    "Starting {0}...": "正在启动 {0}…",
    "Starting...": "正在启动…",
    "The check failed: {0}": "检查失败：{0}",
    "The dataset has no validation set: no metrics to compare.": "数据集没有验证集：没有可比较的指标。",
    "The defaults are the official recipe, adapted for fine-tuning.": "默认值为官方训练配置，已针对微调调整。",
    "The network to fine-tune and the weights it starts from.": "要微调的网络及其初始权重。",
    "The official weights (not installed: download them in Models)": "官方权重（未安装：请在“模型”中下载）",
    "The official {0} weights": "{0} 的官方权重",
    "The start weights could not be evaluated: {0}": "无法评估初始权重：{0}",
    "The training process stopped unexpectedly (exit code {0}).": "训练进程意外停止（退出代码 {0}）。",
    "Train a model": "训练模型",
    "Training": "训练",
    "Training is running. Stop it? A checkpoint is written, so the run can be continued later.":
        "训练正在进行。要停止吗？会先写入检查点，之后可以继续训练。",
    "Training loss": "训练损失",
    "Training runs in its own process; you can cancel and resume it.": "训练在独立进程中运行；可以取消并稍后继续。",
    "Training takes roughly {0} on {1} (an estimate; once it runs, the next page shows the real time left).":
        "在 {1} 上训练大约需要 {0}（估计值；开始后，下一页会显示实际剩余时间）。",
    "Training {0} on {1}: {2} training / {3} validation samples, batch {4}, {5} px":
        "在 {1} 上训练 {0}：{2} 个训练样本 / {3} 个验证样本，批大小 {4}，{5} 像素",
    "Validation size": "验证尺寸",
    "Your model {0}": "您的模型 {0}",
    "Your photos with their mattes (alphas). They are checked before training.": "您的照片及其蒙版（透明度）。训练前会先检查。",
    "a folder with train.txt, or image/ and alpha/ folders": "包含 train.txt 的文件夹，或包含 image/ 和 alpha/ 的文件夹",
    "automatic (GPU when there is one)": "自动（有 GPU 时使用 GPU）",
    "checkpoint at iteration {0}": "第 {0} 次迭代的检查点",
    "computing...": "正在计算…",
    "continuing from iteration {0}": "从第 {0} 次迭代继续",
    "error": "错误",
    "image / alpha folders": "image / alpha 文件夹",
    "installed": "已安装",
    "loss": "损失",
    "lr": "学习率",
    "no evaluation": "无评估",
    "not installed": "未安装",
    "official": "官方",
    "optional: backgrounds for foregrounds that have none": "可选：为没有背景的前景提供背景",
    "random weights": "随机权重",
    "resuming...": "正在继续…",
    "run folder: {0}": "训练文件夹：{0}",
    "the official weights": "官方权重",
    "this CPU": "本机 CPU",
    "this GPU": "本机 GPU",
    "waiting for data": "等待数据",
    "warning": "警告",
    "warning: {0}": "警告：{0}",
    "{0} exists ({1}); exporting replaces it.": "{0} 已存在（{1}）；导出会替换它。",
    "{0} holds a run of {1}; choose another folder": "{0} 中是 {1} 的训练；请选择其他文件夹",
    "{0} holds a run with checkpoints. Continue that run from its newest checkpoint?":
        "{0} 中有带检查点的训练。要从最新的检查点继续该训练吗？",
    "{0} holds an unreadable config.json; choose another folder": "{0} 中的 config.json 无法读取；请选择其他文件夹",
    "{0} is a file, not a folder": "{0} 是文件，不是文件夹",
    "{0} training and {1} validation samples; {2} error(s), {3} warning(s).":
        "{0} 个训练样本和 {1} 个验证样本；{2} 个错误，{3} 个警告。",
    "{0}, trained from {1} for {2} iterations; the best evaluation (by SAD) was at iteration {3}: these weights are "
    "the ones exported.": "{0}，从{1}开始训练 {2} 次迭代；最佳评估（按 SAD）在第 {3} 次迭代：导出的就是这组权重。",
    "{0}, trained from {1}; the run has no evaluation, its newest checkpoint is exported.":
        "{0}，从{1}开始训练；此次训练没有评估，导出的是最新的检查点。",
}


def tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent))
    if exe is None:
        raise SystemExit(f"{name} not found beside {sys.executable} (pip install PySide6-Essentials)")
    return exe


def main() -> int:
    sources = sorted(str(p.relative_to(REPO)) for p in [*(REPO / "desktop" / "app").glob("*.py"),
                                                         *(REPO / "desktop" / "app" / "training").glob("*.py")])
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS), "-target-language", "zh_CN", "-no-obsolete"],
                   cwd=REPO, check=True)
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.findtext("source")
        translation = message.find("translation")
        if source in ZH:
            translation.text = ZH[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], check=True)
    for source in sorted(set(missing)):
        print(f"untranslated: {source}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
