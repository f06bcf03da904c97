<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../desktop/app/actions.py" line="29" />
        <source>Open folder...</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="30" />
        <source>Open files...</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="31" />
        <source>Process all</source>
        <translation>全部处理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="32" />
        <source>Export...</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="33" />
        <source>Models...</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="34" />
        <source>Preferences...</source>
        <translation>首选项…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="35" />
        <source>Train a model...</source>
        <translation>训练模型…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="36" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="37" />
        <source>Refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="38" />
        <source>Automatic trimap</source>
        <translation>自动三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="39" />
        <source>Discard the edit of this image</source>
        <translation>放弃此图片的修改</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="40" />
        <source>Bigger brush</source>
        <translation>增大画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="41" />
        <source>Smaller brush</source>
        <translation>减小画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="42" />
        <source>Foreground brush</source>
        <translation>前景画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="43" />
        <source>Background brush</source>
        <translation>背景画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="44" />
        <source>Unknown brush</source>
        <translation>未知区域画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="45" />
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="46" />
        <source>No brush (pan)</source>
        <translation>无画笔（平移）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="47" />
        <source>Fit</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="48" />
        <source>100 %</source>
        <translation>100%</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="49" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="50" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="51" />
        <source>Next image</source>
        <translation>下一张</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="52" />
        <source>Previous image</source>
        <translation>上一张</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="66" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="69" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="77" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="80" />
        <source>Recent folders</source>
        <translation>最近的文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="84" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="88" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="91" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/actions.py" line="96" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
</context>
<context>
    <name>BackgroundPanel</name>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="37" />
        <source>New background</source>
        <translation>新背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="45" />
        <source>Transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="45" />
        <location filename="../../desktop/app/background_panel.py" line="61" />
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="45" />
        <location filename="../../desktop/app/background_panel.py" line="75" />
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="46" />
        <source>Blurred original</source>
        <translation>模糊原图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="71" />
        <source>Pick a colour...</source>
        <translation>选择颜色…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="77" />
        <source>File...</source>
        <translation>文件…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="78" />
        <source>Folder...</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="89" />
        <source>Blur strength</source>
        <translation>模糊强度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="142" />
        <source>Background colour</source>
        <translation>背景颜色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="147" />
        <source>Background image</source>
        <translation>背景图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="148" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/background_panel.py" line="154" />
        <source>Folder of backgrounds</source>
        <translation>背景图片文件夹</translation>
    </message>
</context>
<context>
    <name>BatchBar</name>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="132" />
        <source>Pause / resume</source>
        <translation>暂停/继续</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="135" />
        <source>Cancel the batch</source>
        <translation>取消批处理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/batch_controller.py" line="157" />
        <source>ETA {0}</source>
        <translation>剩余 {0}</translation>
    </message>
</context>
<context>
    <name>ExportBar</name>
    <message>
        <location filename="../../desktop/app/exporting.py" line="73" />
        <source>Cancel the export</source>
        <translation>取消导出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="84" />
        <source>export %v / %m</source>
        <translation>导出 %v / %m</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="37" />
        <location filename="../../desktop/app/export_dialog.py" line="78" />
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="44" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="48" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="51" />
        <source>Fields: {stem}, {index}, {index:03d}, {backend}, {format}</source>
        <translation>字段：{stem}、{index}、{index:03d}、{backend}、{format}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="52" />
        <source>Naming pattern</source>
        <translation>命名规则</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="59" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="63" />
        <source>Quality (JPEG / WebP)</source>
        <translation>质量（JPEG/WebP）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="66" />
        <source>Ignore the chosen background (transparent)</source>
        <translation>忽略所选背景（透明）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="67" />
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="69" />
        <source>Foreground decontamination (no colour fringe on edges)</source>
        <translation>前景去污染（边缘无色边）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="72" />
        <source>Replace files that exist</source>
        <translation>替换已存在的文件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="75" />
        <source>{0} image(s) will be exported.</source>
        <translation>将导出 {0} 张图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="87" />
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/export_dialog.py" line="97" />
        <source>e.g. {0}</source>
        <translation>例如 {0}</translation>
    </message>
</context>
<context>
    <name>Exporter</name>
    <message>
        <location filename="../../desktop/app/exporting.py" line="36" />
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="40" />
        <source>Exporting {0} image(s) to {1}...</source>
        <translation>正在导出 {0} 张图片到 {1}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="58" />
        <source>Exported {0} file(s)</source>
        <translation>已导出 {0} 个文件</translation>
    </message>
    <message>
        <location filename="../../desktop/app/exporting.py" line="60" />
        <source>, {0} failed: {1}</source>
        <translation>，{0} 个失败：{1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/app/main_window.py" line="84" />
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="85" />
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="86" />
        <source>Failures</source>
        <translation>失败列表</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="95" />
        <source>Open a folder of photos (Ctrl+O) or drop it here.</source>
        <translation>打开照片文件夹（Ctrl+O）或拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="110" />
        <source>Refining with {0}...</source>
        <translation>正在用 {0} 精修…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="112" />
        <source>Refined.</source>
        <translation>已精修。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="156" />
        <source>Open a folder of photos</source>
        <translation>打开照片文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="161" />
        <source>Open photos</source>
        <translation>打开照片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="162" />
        <source>Images (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="169" />
        <source>A batch is running: cancel it before opening other photos.</source>
        <translation>批处理正在运行：请先取消再打开其他照片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="186" />
        <source>{0} image(s) found.</source>
        <translation>找到 {0} 张图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="187" />
        <source>No images found there.</source>
        <translation>那里没有找到图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="261" />
        <source>Nothing to refine yet: open an image first.</source>
        <translation>还没有可精修的内容：请先打开图片。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="284" />
        <location filename="../../desktop/app/main_window.py" line="305" />
        <source>Open a folder first.</source>
        <translation>请先打开文件夹。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="289" />
        <source>Processing {0} image(s)...</source>
        <translation>正在处理 {0} 张图片…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="294" />
        <source>The batch stopped.</source>
        <translation>批处理已停止。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="296" />
        <source>Batch finished: {0} done, {1} failed, {2} cancelled ({3:.1f} s).</source>
        <translation>批处理完成：{0} 张完成，{1} 张失败，{2} 张取消（{3:.1f} 秒）。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="365" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="365" />
        <source>A batch is running. Cancel it and quit?</source>
        <translation>批处理正在运行。要取消并退出吗？</translation>
    </message>
    <message>
        <location filename="../../desktop/app/main_window.py" line="369" />
        <source>Cancelling...</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="23" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="23" />
        <source>Installed</source>
        <translation>已安装</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="24" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="24" />
        <source>Trimap</source>
        <translation>三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="25" />
        <source>Recommended</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="25" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="53" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="68" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="69" />
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="70" />
        <source>Import from a file...</source>
        <translation>从文件导入…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="71" />
        <location filename="../../desktop/app/models_dialog.py" line="209" />
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="72" />
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="81" />
        <source>system settings (e.g. http://proxy:3128)</source>
        <translation>系统设置（例如 http://proxy:3128）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="82" />
        <source>Mirror URL</source>
        <translation>镜像地址</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="83" />
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="106" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="106" />
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="107" />
        <source>needs</source>
        <translation>需要</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="108" />
        <source>for {0}</source>
        <translation>适合{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="149" />
        <source>installed {0}</source>
        <translation>已安装 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="151" />
        <source>{0}: cancelled</source>
        <translation>{0}：已取消</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="154" />
        <source>downloading {0}...</source>
        <translation>正在下载 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="163" />
        <source>{0}: cancelled (a later download resumes it)</source>
        <translation>{0}：已取消（稍后下载会继续）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="189" />
        <source>Import a model</source>
        <translation>导入模型</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="190" />
        <source>Models (*.pdparams *.zip);;All files (*)</source>
        <translation>模型 (*.pdparams *.zip);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="196" />
        <source>installed {0} from {1}</source>
        <translation>已从 {1} 安装 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="197" />
        <source>import failed: {0}</source>
        <translation>导入失败：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="198" />
        <source>importing {0}...</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="209" />
        <source>Delete the model {0}?</source>
        <translation>删除模型 {0}？</translation>
    </message>
    <message>
        <location filename="../../desktop/app/models_dialog.py" line="216" />
        <source>removed {0}</source>
        <translation>已删除 {0}</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="20" />
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="24" />
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="24" />
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="25" />
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="28" />
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="31" />
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="33" />
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="37" />
        <source>Images at once (batch)</source>
        <translation>同时处理的图片数（批处理）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="40" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="44" />
        <location filename="../../desktop/app/preferences_dialog.py" line="67" />
        <source>Default output folder</source>
        <translation>默认输出文件夹</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="49" />
        <source>Default format</source>
        <translation>默认格式</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="51" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="52" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="54" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="59" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../desktop/app/preferences_dialog.py" line="60" />
        <source>A new language applies when the app starts again.</source>
        <translation>新语言将在下次启动时生效。</translation>
    </message>
</context>
<context>
    <name>ThumbnailModel</name>
    <message>
        <location filename="../../desktop/app/thumbnails.py" line="79" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
</context>
<context>
    <name>ToolPanel</name>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="42" />
        <source>Backend</source>
        <translation>抠图引擎</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="49" />
        <source>For this image only</source>
        <translation>仅用于此图片</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="50" />
        <source>Download...</source>
        <translation>下载…</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="77" />
        <source>(not installed)</source>
        <translation>（未安装）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="104" />
        <source>Needs a trimap: paint one with the brush.</source>
        <translation>需要三分图：请用画笔绘制。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="106" />
        <source>Not installed.</source>
        <translation>未安装。</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="117" />
        <source>Trimap brush</source>
        <translation>三分图画笔</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="123" />
        <source>Foreground (F)</source>
        <translation>前景（F）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="123" />
        <source>Background (B)</source>
        <translation>背景（B）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="123" />
        <source>Unknown (U)</source>
        <translation>未知（U）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="124" />
        <source>Eraser (E)</source>
        <translation>橡皮擦（E）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="140" />
        <source>Brush size ([ and ] change it)</source>
        <translation>画笔大小（[ 和 ] 调整）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="142" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="147" />
        <source>Overlay</source>
        <translation>叠加层</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="149" />
        <source>Automatic trimap</source>
        <translation>自动三分图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="150" />
        <source>Start again from a trimap made from the current alpha</source>
        <translation>从当前透明度生成的三分图重新开始</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="152" />
        <source>Refine</source>
        <translation>精修</translation>
    </message>
    <message>
        <location filename="../../desktop/app/tool_panel.py" line="154" />
        <source>Re-matte the region around the strokes (Ctrl+R)</source>
        <translation>重新计算笔画周围区域的抠图（Ctrl+R）</translation>
    </message>
</context>
<context>
    <name>ViewBar</name>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="22" />
        <source>Original</source>
        <translation>原图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="22" />
        <source>Alpha</source>
        <translation>透明度</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="23" />
        <source>Cut-out</source>
        <translation>抠图</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="23" />
        <source>Composite</source>
        <translation>合成</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="24" />
        <source>Before/after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="46" />
        <source>Before / after split</source>
        <translation>前后对比分割</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="55" />
        <source>Fit (Ctrl+0)</source>
        <translation>适应窗口（Ctrl+0）</translation>
    </message>
    <message>
        <location filename="../../desktop/app/view_bar.py" line="56" />
        <source>100 % (Ctrl+1)</source>
        <translation>100%（Ctrl+1）</translation>
    </message>
</context>
</TS>